package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sensitivity twins: a second trajectory per twinned rate, in the runs' graph, from the run's state a rounding-sized
 * offset away, in the {@link TrialBatch#TWIN_WINDOW} steps before each step count. They leave the runs themselves
 * as they are (their parameters and optimizer memory move between the graphs with and without twins), stay together
 * below the stability limit and part past it.
 */
class SensitivityTwinsTest {
    private static final int[] STEPS = {10, 300};
    // 3000: far enough past lr_critical that the twins part ways whatever the arithmetic's last bits (at 300 the
    // twin's sensitivity was 1.7e-6 with libnd4j's ops and 4.3e-7 with the fused ones, about the chaotic threshold)
    private static final double[] RATES = {0.3, 3, 3000};
    private static final Dataset CLASSES = ModelFamiliesTest.classes(300, new double[] {3, -2, 1}, 5);

    private static List<Trajectory> fit(double twinsFrom) {
        return fit(twinsFrom, Optimizer.gd(), TrialBatch.FULL_BATCH, 0);
    }

    private static List<Trajectory> fit(double twinsFrom, Optimizer optimizer, int batchSize, long seed) {
        TrialBatch batch = new TrialBatch(RATES, STEPS, ModelSpec.logistic(),
                Parameters.filled(ModelSpec.logistic().layout(3), 0), 1e6, 10, Precision.FLOAT64)
                .with(optimizer, batchSize, seed).withTwinsFrom(twinsFrom);
        return BatchDescent.fit(CLASSES, batch);
    }

    @Test
    void twinsLeaveTheRunsAsTheyAreAndMeasureOnlyTheRatesTheyTwin() {
        assertTwinsLeaveTheRunsAsTheyAre(Optimizer.gd(), TrialBatch.FULL_BATCH, 0);
    }

    @Test
    void theRunsKeepTheirOptimizersMemoryAcrossTheTwinsWindows() {
        // steps 10 and 300: the runs move to the twins' graph for steps 0-10 and 200-300, and back between
        assertTwinsLeaveTheRunsAsTheyAre(Optimizer.nesterov(0.9), TrialBatch.FULL_BATCH, 0);
        assertTwinsLeaveTheRunsAsTheyAre(Optimizer.adam(0.9, 0.999, 1e-8), 64, 5);
    }

    private static void assertTwinsLeaveTheRunsAsTheyAre(Optimizer optimizer, int batchSize, long seed) {
        List<Trajectory> alone = fit(TrialBatch.NO_TWINS, optimizer, batchSize, seed);
        List<Trajectory> twinned = fit(1, optimizer, batchSize, seed);

        for (int r = 0; r < RATES.length; r++) {
            for (int s = 0; s < STEPS.length; s++) {
                FitState without = alone.get(r).states().get(s);
                FitState with = twinned.get(r).states().get(s);
                // a chaotic run's last digits are rounding's: the twins may change how the product sums its columns
                if (with.sensitivity() < 1e-6 || Double.isNaN(with.sensitivity())) {
                    assertThat(with.loss()).as("rate " + RATES[r]).isCloseTo(without.loss(),
                            within(1e-12 * without.loss()));
                }
                assertThat(without.sensitivity()).isNaN();
                if (with.status() == TrialStatus.OK) {
                    assertThat(Double.isNaN(with.sensitivity())).as("rate " + RATES[r] + " twinned")
                            .isEqualTo(RATES[r] < 1);
                }
            }
        }
    }

    @Test
    void belowTheLimitTheTwinStaysWithinRoundingAndPastItTheTwinPartsWays() {
        List<Trajectory> runs = fit(0);
        double stable = runs.get(1).states().get(1).sensitivity();
        double chaotic = runs.get(2).states().get(1).sensitivity();

        // at step 300 the twins started at step 200 from the runs' own states: from the start, 100 steps behind,
        // the stable rate's twin would be far from its run
        assertThat(stable).as("rate 3, below lr_critical").isLessThan(1e-9);
        assertThat(chaotic).as("rate 3000, far past lr_critical").isGreaterThan(Precision.FLOAT64.chaoticSensitivity());
        assertThat(runs.get(2).states().get(0).sensitivity()).as("at step 10 the twins are still together")
                .isLessThan(1e-6);
    }

    @Test
    void theSensitivityIsTheTwinsRelativeLossDifference() {
        FitState state = new FitState(10, TrialStatus.OK, 0.5, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                TestData.start(new double[] {1}, 0), Double.NaN);

        assertThat(state.withTwinLoss(0.5005, 0).sensitivity()).isCloseTo(1e-3, within(1e-15));
        assertThat(state.withTwinLoss(0.4995, 0).sensitivity()).isCloseTo(1e-3, within(1e-15));
        assertThat(state.withTwinLoss(Double.NaN, 0).sensitivity()).as("a twin that blew up").isInfinite();
    }

    /**
     * A run whose digits depended on rounding at one step count depends on it at every later one: its later twins,
     * started again from its own state, cannot see the rounding that chose that state (the digits example's rate
     * 1.58 is chaotic at 100 steps; at 500 its loss differs in the third digit between two summation orders while
     * the twin started at step 400 stays within 2e-12).
     */
    @Test
    void aRunChaoticAtOneStepCountIsChaoticAtEveryLaterOne() {
        FitState[] states = new FitState[3];
        for (int s = 0; s < 3; s++) {
            states[s] = new FitState(100 * (s + 1), TrialStatus.OK, 0.5, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, TestData.start(new double[] {1}, 0), Double.NaN);
        }
        Trajectory run = new Trajectory(1.58, TrialStatus.OK, -1, -1, Double.NaN, null, new int[0], new double[0],
                new boolean[0], List.of(states));

        List<FitState> measured = run.withTwinLosses(new double[] {0.5 + 1e-13, 0.503, 0.5 + 1e-12}).states();

        assertThat(measured.get(0).sensitivity()).isCloseTo(2e-13, within(1e-15));
        assertThat(measured.get(1).sensitivity()).isCloseTo(6e-3, within(1e-12));
        assertThat(measured.get(2).sensitivity()).as("carried from step 200").isCloseTo(6e-3, within(1e-12));
    }

    @Test
    void theTwinsRunInTheHundredStepsBeforeEachStepCountWindowsThatMeetRunningAsOne() {
        assertThat(TrialBatch.twinWindows(new int[] {10, 50, 100, 200, 500, 1000}))
                .isDeepEqualTo(new int[][] {{0, 200}, {400, 500}, {900, 1000}});
        assertThat(TrialBatch.twinWindows(new int[] {100, 201})).isDeepEqualTo(new int[][] {{0, 100}, {101, 201}});
        assertThat(TrialBatch.twinShare(new int[] {10, 50, 100, 200, 500, 1000})).isEqualTo(0.4);
        assertThat(TrialBatch.twinShare(new int[] {100, 500})).isEqualTo(0.4);
        assertThat(TrialBatch.twinShare(new int[] {30, 80})).isEqualTo(1);
    }

    @Test
    void theTwinsStartIsMovedByTheOffsetRelativeToEachValueOrToOne() {
        TrialBatch batch = TestData.linearBatch(new double[] {0.1}, new int[] {1}, TestData.start(new double[] {1e6, 0},
                -3), Precision.FLOAT64);

        double[] twin = batch.twinOf(batch.start()).values();
        assertThat(twin[0] - 1e6).isCloseTo(1e-6, within(1e-9));
        assertThat(twin[1]).isEqualTo(1e-12);
        assertThat(twin[2] + 3).isCloseTo(3e-12, within(1e-15));
    }
}
