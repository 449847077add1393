package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.TrialStatus;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;

/**
 * In data parallelism every gradient evaluation is one Spark job, the sharpness measurements' included: each is
 * announced before it starts, and carries the description set then into the Spark UI, on real Spark.
 */
class DataParallelFitTest {

    @Test
    void everyJobIsAnnouncedAndCarriesItsDescription() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("data-parallel")
                .set("spark.ui.enabled", "false").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            List<String> descriptions = new ArrayList<>();
            spark.sc().addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    synchronized (descriptions) {
                        descriptions.add(start.properties().getProperty("spark.job.description"));
                    }
                }
            });
            double[] x = {-1, 0.5, 2, -0.3, 1.5, -2};
            double[] y = {0, 1, 1, 0, 1, 0};
            List<Dataset> slices = List.of(new Dataset(3, 1, new double[] {x[0], x[1], x[2]}, new double[] {y[0], y[1], y[2]}),
                    new Dataset(3, 1, new double[] {x[3], x[4], x[5]}, new double[] {y[3], y[4], y[5]}));
            ModelSpec logistic = ModelSpec.logistic();
            TrialBatch batch = new TrialBatch(new double[] {0.1, 1}, new int[] {2, 4}, logistic,
                    Parameters.filled(logistic.layout(1), 0), 1e6, 10, Precision.FLOAT64);
            AtomicInteger announced = new AtomicInteger();
            var trajectories = DataParallelFit.fit(spark.parallelize(slices, 2), null, 1, batch, steps -> { },
                    () -> spark.setJobDescription("evaluation " + announced.incrementAndGet()));
            assertThat(trajectories).allSatisfy(trajectory -> assertThat(trajectory.status()).isEqualTo(TrialStatus.OK));
            synchronized (descriptions) {
                assertThat(descriptions).hasSize(announced.get());
                // 5 evaluations for steps 0 … 4, and a sharpness measurement at the start and at each step count
                assertThat(announced.get()).isGreaterThan(5);
                for (int job = 0; job < descriptions.size(); job++) {
                    assertThat(descriptions.get(job)).isEqualTo("evaluation " + (job + 1));
                }
            }
        }
    }
}
