package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.TrialStatus;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
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
    private static final double[] X = {-1, 0.5, 2, -0.3, 1.5, -2};
    private static final double[] Y = {0, 1, 1, 0, 1, 0};
    private static final List<Dataset> SLICES = List.of(
            new Dataset(3, 1, new double[] {X[0], X[1], X[2]}, new double[] {Y[0], Y[1], Y[2]}),
            new Dataset(3, 1, new double[] {X[3], X[4], X[5]}, new double[] {Y[3], Y[4], Y[5]}));

    private static JavaSparkContext localSpark() {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("data-parallel")
                .set("spark.ui.enabled", "false").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1"));
    }

    @Test
    void everyJobIsAnnouncedAndCarriesItsDescription() {
        try (JavaSparkContext spark = localSpark()) {
            List<String> descriptions = new ArrayList<>();
            spark.sc().addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    synchronized (descriptions) {
                        descriptions.add(start.properties().getProperty("spark.job.description"));
                    }
                }
            });
            ModelSpec logistic = ModelSpec.logistic();
            TrialBatch batch = new TrialBatch(new double[] {0.1, 1}, new int[] {2, 4}, logistic,
                    Parameters.filled(logistic.layout(1), 0), 1e6, 10, Precision.FLOAT64);
            AtomicInteger announced = new AtomicInteger();
            var trajectories = DataParallelFit.fit(spark.parallelize(SLICES, 2), null, 1, batch, steps -> { },
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

    /**
     * The twins run only in the steps before each step count ({@link TrialBatch#TWIN_WINDOW}): between the windows of
     * 1 and 103 steps a step evaluates the runs alone, fewer models than in the windows. Every state, twins' losses
     * included, equals the fit of the same rows in one piece to the order of summation: the loss to 1e-12 relative,
     * the twins' sensitivity (a difference of two nearby losses) to 5%.
     */
    @Test
    void stepsWithoutTheTwinsBetweenTheirWindowsEqualTheFitOfTheRowsInOnePiece() {
        ModelSpec logistic = ModelSpec.logistic();
        TrialBatch batch = new TrialBatch(new double[] {0.1, 1, 10}, new int[] {1, TrialBatch.TWIN_WINDOW + 3},
                logistic, Parameters.filled(logistic.layout(1), 0), 1e6, 10, Precision.FLOAT64, Optimizer.gd(),
                TrialBatch.FULL_BATCH, 0, 0);
        Dataset rows = new Dataset(6, 1, X, Y);
        var whole = BatchDescent.fit(rows, batch);
        try (JavaSparkContext spark = localSpark()) {
            var sliced = DataParallelFit.fit(spark.parallelize(SLICES, 2), null, 1, batch, steps -> { }, () -> { });
            assertThat(sliced).hasSameSizeAs(whole);
            for (int i = 0; i < whole.size(); i++) {
                for (int j = 0; j < batch.stepCounts().length; j++) {
                    FitState want = whole.get(i).states().get(j);
                    FitState got = sliced.get(i).states().get(j);
                    assertThat(got.status()).isEqualTo(want.status());
                    assertThat(got.loss()).isCloseTo(want.loss(), within(1e-12 * want.loss()));
                    assertThat(want.sensitivity()).as("the twin ran").isFinite();
                    // a difference of two nearby losses: its last digits are the summation's rounding
                    assertThat(got.sensitivity()).isCloseTo(want.sensitivity(), within(0.05 * want.sensitivity()));
                }
            }
        }
    }
}
