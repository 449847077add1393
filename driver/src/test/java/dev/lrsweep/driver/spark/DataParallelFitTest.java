package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.SliceRequest;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Data parallelism on real Spark: slices cached in memory are served by one job's long-running tasks for the whole
 * fit, a failed attempt of that stage is run again, and slices on disk answer one Spark job per evaluation; every form
 * fits what the rows in one piece fit.
 */
class DataParallelFitTest {
    private static final double[] X = {-1, 0.5, 2, -0.3, 1.5, -2};
    private static final double[] Y = {0, 1, 1, 0, 1, 0};
    private static final List<Dataset> SLICES = List.of(
            new Dataset(3, 1, new double[] {X[0], X[1], X[2]}, new double[] {Y[0], Y[1], Y[2]}),
            new Dataset(3, 1, new double[] {X[3], X[4], X[5]}, new double[] {Y[3], Y[4], Y[5]}));
    private static final ModelSpec LOGISTIC = ModelSpec.logistic();
    private static final TrialBatch BATCH = new TrialBatch(new double[] {0.1, 1}, new int[] {2, 4}, LOGISTIC,
            Parameters.filled(LOGISTIC.layout(1), 0), 1e6, 10, Precision.FLOAT64);

    private static JavaSparkContext localSpark() {
        return localSpark(new SparkConf());
    }

    private static JavaSparkContext localSpark(SparkConf conf) {
        return new JavaSparkContext(conf.setMaster("local[2]").setAppName("data-parallel")
                .set("spark.ui.enabled", "false").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1"));
    }

    /** Counts the jobs Spark starts and the tasks that fail. */
    private static final class Jobs extends SparkListener {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger failedTasks = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            started.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
                failedTasks.incrementAndGet();
            }
        }
    }

    private static List<Trajectory> fit(JavaSparkContext spark, StorageLevel level, Jobs jobs, AtomicInteger announced) {
        JavaRDD<Dataset> slices = spark.parallelize(SLICES, 2).persist(level);
        slices.count();
        spark.sc().addSparkListener(jobs);
        return DataParallelFit.fit(slices, null, 1, BATCH, steps -> { }, announced::incrementAndGet);
    }

    /** Every state of {@code got} is that of {@code want} to 1e-12 relative. */
    private static void assertSameFit(List<Trajectory> got, List<Trajectory> want) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).states()).hasSameSizeAs(want.get(i).states());
            for (int j = 0; j < want.get(i).states().size(); j++) {
                FitState expected = want.get(i).states().get(j);
                assertThat(got.get(i).states().get(j).status()).isEqualTo(expected.status());
                assertThat(got.get(i).states().get(j).loss()).isCloseTo(expected.loss(),
                        within(1e-12 * expected.loss()));
            }
        }
    }

    @Test
    void slicesInMemoryAnswerEveryEvaluationInOneJobAndFitWhatTheRowsInOnePieceFit() {
        try (JavaSparkContext spark = localSpark()) {
            Jobs jobs = new Jobs();
            AtomicInteger announced = new AtomicInteger();
            List<Trajectory> served = fit(spark, StorageLevel.MEMORY_ONLY(), jobs, announced);
            // 5 evaluations for steps 0 … 4, and a sharpness measurement at the start and at each step count
            assertThat(announced.get()).isGreaterThan(5);
            assertThat(jobs.started.get()).as("one job serves every evaluation").isEqualTo(1);
            assertSameFit(served, BatchDescent.fit(new Dataset(6, 1, X, Y), BATCH));
        }
    }

    @Test
    void slicesOnDiskAnswerEachEvaluationInAJobOfItsOwn() {
        try (JavaSparkContext spark = localSpark()) {
            Jobs jobs = new Jobs();
            AtomicInteger announced = new AtomicInteger();
            List<Trajectory> onDisk = fit(spark, StorageLevel.DISK_ONLY(), jobs, announced);
            assertThat(announced.get()).isGreaterThan(5);
            assertThat(jobs.started.get()).isEqualTo(announced.get());
            assertSameFit(onDisk, BatchDescent.fit(new Dataset(6, 1, X, Y), BATCH));
        }
    }

    /**
     * Slices computed from a union (RDDs of one partition each): Spark refuses a barrier stage over them (the stage
     * that would serve them fails, and the driver says so), so data mode caches them repartitioned, once, and serves
     * those.
     */
    @Test
    void slicesFromAUnionAreRepartitionedOnceAndServed() {
        try (JavaSparkContext spark = localSpark()) {
            JavaRDD<Dataset> union = spark.parallelize(SLICES.subList(0, 1), 1)
                    .union(spark.parallelize(SLICES.subList(1, 2), 1));
            assertThat(union.getNumPartitions()).isEqualTo(2);
            assertThat(DataParallelFit.served(union.persist(StorageLevel.MEMORY_ONLY()), null)).isFalse();
            try (ServedSlices refused = ServedSlices.start(union, null)) {
                SliceRequest request = new SliceRequest(LOGISTIC, 1, 1, Precision.FLOAT64, new double[2],
                        SliceRequest.Sum.GRADIENTS);
                assertThatThrownBy(() -> refused.fitted().sum(request)).as("Spark refuses the stage")
                        .hasMessageContaining("the slices' tasks ended before the fit").hasMessageContaining("arrier");
            }
            JavaRDD<Dataset> slices = Slices.cached(union, null, StorageLevel.MEMORY_ONLY());
            assertThat(DataParallelFit.served(slices, null)).isTrue();
            Jobs jobs = new Jobs();
            spark.sc().addSparkListener(jobs);
            List<Trajectory> served = DataParallelFit.fit(slices, null, 1, BATCH, steps -> { }, () -> { });
            assertThat(jobs.started.get()).isEqualTo(1);
            assertSameFit(served, BatchDescent.fit(new Dataset(6, 1, X, Y), BATCH));
        }
    }

    /**
     * A task of the served stage fails mid-fit (after two answers, {@link FaultInjection}): Spark runs the stage's
     * tasks again, the driver asks the new ones what the failed attempt did not answer, and the fit is the clean
     * one's, number for number.
     */
    @Test
    void aFailedAttemptOfTheServedStageIsRunAgainAndTheFitIsUnchanged() {
        List<Trajectory> clean;
        try (JavaSparkContext spark = localSpark()) {
            clean = fit(spark, StorageLevel.MEMORY_ONLY(), new Jobs(), new AtomicInteger());
        }
        try (JavaSparkContext spark = localSpark(new SparkConf().set(FaultInjection.FAIL_FIRST_ATTEMPT, "true"))) {
            Jobs jobs = new Jobs();
            List<Trajectory> retried = fit(spark, StorageLevel.MEMORY_ONLY(), jobs, new AtomicInteger());
            assertThat(jobs.failedTasks.get()).as("the injected fault failed a task").isPositive();
            for (int i = 0; i < clean.size(); i++) {
                for (int j = 0; j < clean.get(i).states().size(); j++) {
                    assertThat(retried.get(i).states().get(j).loss()).isEqualTo(clean.get(i).states().get(j).loss());
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
            var sliced = DataParallelFit.fit(spark.parallelize(SLICES, 2).cache(), null, 1, batch, steps -> { },
                    () -> { });
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
