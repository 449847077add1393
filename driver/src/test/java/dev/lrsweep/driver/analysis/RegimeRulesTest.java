package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.worker.descent.TrialStatus;
import org.junit.jupiter.api.Test;

class RegimeRulesTest {
    private static final RegimeRules RULES = new RegimeRules(0.01, 10, 0.5, true);
    private static final double OPTIMUM = 1.0;

    private static double[] curve(int steps, java.util.function.IntToDoubleFunction loss) {
        double[] curve = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            curve[t] = loss.applyAsDouble(t);
        }
        return curve;
    }

    /** A curve of every step, as the worker records it for short runs; the first rise found as the worker does. */
    private static CellRegime classify(int steps, double[] curve, boolean[] reversals, Integer divergedAt) {
        Integer rose = null;
        for (int t = 1; t < curve.length && rose == null; t++) {
            rose = curve[t] > curve[0] ? t : null;
        }
        LossCurve run = new LossCurve("gd", null, null, "constant", 0, 1.0, divergedAt == null ? TrialStatus.OK : TrialStatus.DIVERGED, divergedAt, rose, Double.NaN, java.util.stream.IntStream.range(0, curve.length).toArray(), curve, reversals);
        return RULES.classify(false, steps, curve[Math.min(steps, curve.length - 1)], run, OPTIMUM);
    }

    @Test
    void aSlowMonotoneFallFarAboveTheOptimumIsUndershoot() {
        double[] slow = curve(100, t -> OPTIMUM + 5 * Math.pow(0.999, t));

        CellRegime regime = classify(100, slow, new boolean[101], null);

        assertThat(regime.regime()).isEqualTo(Regime.UNDERSHOOT);
        assertThat(regime.excessLoss()).isEqualTo(5 * Math.pow(0.999, 100), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aLossWithinTheToleranceOfTheOptimumHasConverged() {
        double[] fast = curve(100, t -> OPTIMUM + 5 * Math.pow(0.5, t));

        assertThat(classify(100, fast, new boolean[101], null).regime()).isEqualTo(Regime.CONVERGED);
        assertThat(classify(5, fast, new boolean[101], null).regime()).as("not yet at step 5").isEqualTo(Regime.UNDERSHOOT);
    }

    @Test
    void aRunThatKeepsTurningBackWithoutBlowingUpIsOscillating() {
        double[] bouncing = curve(50, t -> OPTIMUM + 2 * Math.pow(0.99, t));
        boolean[] alternate = new boolean[51];
        for (int t = 1; t <= 50; t++) {
            alternate[t] = true;
        }

        assertThat(classify(50, bouncing, alternate, null).regime()).isEqualTo(Regime.OSCILLATING);
        boolean[] fewTurns = new boolean[51];
        fewTurns[49] = true;
        assertThat(classify(50, bouncing, fewTurns, null).regime()).isEqualTo(Regime.UNDERSHOOT);
    }

    @Test
    void aLossThatRisesAboveItsStartIsDivergedFromTheFirstStepAboveIt() {
        double[] exploding = curve(30, t -> t < 4 ? 3 - 0.1 * t : 3 * Math.pow(1.5, t - 4));

        CellRegime regime = classify(30, exploding, new boolean[31], null);

        assertThat(regime.regime()).isEqualTo(Regime.DIVERGED);
        assertThat(regime.leftAtStep()).isEqualTo(5);
        assertThat(regime.divergedBecause()).isEqualTo(DivergenceCause.ROSE_ABOVE_START);
    }

    /** The cause printed is the real one: a loss that is NaN from the start never "rose". */
    @Test
    void aLossThatIsNotFiniteFromTheStartDivergedAtStepZeroBecauseItWasNotFinite() {
        CellRegime regime = classify(10, new double[] {Double.NaN}, new boolean[1], 0);

        assertThat(regime.regime()).isEqualTo(Regime.DIVERGED);
        assertThat(regime.leftAtStep()).isZero();
        assertThat(regime.divergedBecause()).isEqualTo(DivergenceCause.NOT_FINITE);
        assertThat(regime.divergedBecause().atStep(0)).isEqualTo("loss was not finite at step 0");
    }

    @Test
    void aLossThatPassesTheBoundAtItsFirstRiseDivergedBecauseItPassedTheBound() {
        double[] jump = {1, 0.5, 5e6};

        CellRegime regime = classify(10, jump, new boolean[3], 2);

        assertThat(regime.leftAtStep()).isEqualTo(2);
        assertThat(regime.divergedBecause()).isEqualTo(DivergenceCause.PASSED_BOUND);
    }

    /** The recorded curve may skip steps; the window before a step count is always on it. */
    @Test
    void theOscillationWindowIsReadOffASampledCurveByStep() {
        int[] steps = {0, 1, 2, 500, 991, 992, 993, 994, 995, 996, 997, 998, 999, 1000};
        double[] loss = new double[steps.length];
        boolean[] turns = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            loss[i] = OPTIMUM + 2 * Math.pow(0.9999, steps[i]);
            turns[i] = steps[i] > 990;
        }
        LossCurve sampled = new LossCurve("gd", null, null, "constant", 0, 1.0, TrialStatus.OK, null, null, Double.NaN, steps, loss, turns);

        assertThat(RULES.classify(false, 1000, loss[loss.length - 1], sampled, OPTIMUM).regime())
                .isEqualTo(Regime.OSCILLATING);
    }

    @Test
    void aRunStoppedAtTheBoundWithANonFiniteLossIsDivergedThere() {
        double[] stopped = {3, 2, Double.NaN};

        CellRegime regime = classify(100, stopped, new boolean[3], 2);

        assertThat(regime.regime()).isEqualTo(Regime.DIVERGED);
        assertThat(regime.leftAtStep()).isEqualTo(2);
        assertThat(classify(1, stopped, new boolean[3], 2).regime()).as("before it diverged").isEqualTo(Regime.UNDERSHOOT);
    }

    @Test
    void aFailedFitHasNoRegime() {
        assertThat(RULES.classify(true, 10, Double.NaN, new LossCurve("gd", null, null, "constant", 0, 1.0, TrialStatus.FAILED, null, null, Double.NaN, new int[0], new double[0], new boolean[0]), OPTIMUM).regime())
                .isEqualTo(Regime.FAILED);
    }

    /**
     * The digits example's rate 2.93 (conf/examples/digits.yaml): from 2.3312 down to 1.85, a spike to 3.54 at step
     * 4, then its relu units die and its loss sits at 2.3024792, the entropy of the class shares, for the rest of
     * the run: stalled after the spike, where it was called oscillating (the gradient's rounding noise turning back)
     * and, at 100 steps, undershoot. A run after a spike still falling, however slowly, is not stalled.
     */
    @Test
    void aRunFlatFarFromTheFloorAfterASpikeHasStalled() {
        RegimeRules network = new RegimeRules(0.01, 10, 0.5, false);
        double[] dead = curve(500, t -> t == 0 ? 2.3312 : t < 4 ? 2.3312 - 0.16 * t : t == 4 ? 3.5387
                : t < 20 ? 2.36 - 0.003 * (t - 4) : 2.3024792209678653);
        double[] slow = curve(500, t -> t == 0 ? 2.3312 : t < 4 ? 2.3312 - 0.16 * t : t == 4 ? 3.5387
                : 2.30 - 1e-4 * t);
        boolean[] none = new boolean[501];

        for (int steps : new int[] {100, 500}) {
            assertThat(classify(network, steps, dead, none).regime()).as(steps + " steps").isEqualTo(Regime.STALLED);
            assertThat(classify(network, steps, slow, none).regime()).as(steps + " steps")
                    .isEqualTo(Regime.UNDERSHOOT);
        }
        assertThat(classify(network, 500, dead, none).spike().step()).isEqualTo(4);
    }

    /**
     * The hotdog example's rate 30 (conf/examples/hotdog.yaml): a spike to 76 times the start loss at step 1, its
     * relu units dead, then its output bias alone cycling with period 4 (0.4217, 0.3302, 0.3567, 0.3500, again and
     * again, no better than the class shares' 0.318): stalled, where it was called oscillating. The same cycle
     * still shrinking by a millionth a period is not.
     */
    @Test
    void aRunCyclingFarFromTheFloorAfterASpikeHasStalled() {
        RegimeRules rules = new RegimeRules(0.01, 10, 0.5, false);
        double[] cycle = {0.421740289, 0.330212541, 0.356715276, 0.350020799};
        double[] stuck = curve(500, t -> t == 0 ? 0.6931 : t == 1 ? 52.7 : cycle[t % 4]);
        double[] shrinking = curve(500, t -> t == 0 ? 0.6931 : t == 1 ? 52.7
                : cycle[t % 4] * Math.pow(1 - 1e-6, t / 4));
        boolean[] turning = new boolean[501];
        for (int t = 2; t <= 500; t++) {
            turning[t] = t % 2 == 0;
        }

        assertThat(classify(rules, 500, stuck, turning).regime()).isEqualTo(Regime.STALLED);
        assertThat(classify(rules, 500, stuck, turning).spike().step()).isEqualTo(1);
        assertThat(classify(rules, 500, shrinking, turning).regime()).isEqualTo(Regime.OSCILLATING);
        // as a run records it: every step to 100, then a few, and the window's ten before step 500
        int[] kept = java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(0, 100),
                java.util.stream.IntStream.of(200, 300, 400, 491, 492, 493, 494, 495, 496, 497, 498, 499, 500)).toArray();
        double[] losses = java.util.Arrays.stream(kept).mapToDouble(t -> stuck[t]).toArray();
        boolean[] reversals = new boolean[kept.length];
        for (int i = 0; i < kept.length; i++) {
            reversals[i] = turning[kept[i]];
        }
        LossCurve recorded = new LossCurve("gd", null, null, "constant", 0, 30.0, TrialStatus.OK, null, 1, Double.NaN, kept, losses,
                reversals);
        assertThat(rules.classify(false, 500, stuck[500], recorded, 0.0355).regime()).isEqualTo(Regime.STALLED);
    }

    private static CellRegime classify(RegimeRules rules, int steps, double[] curve, boolean[] reversals) {
        Integer rose = null;
        for (int t = 1; t < curve.length && rose == null; t++) {
            rose = curve[t] > curve[0] ? t : null;
        }
        LossCurve run = new LossCurve("gd", null, null, "constant", 0, 1.0, TrialStatus.OK, null, rose, Double.NaN,
                java.util.stream.IntStream.range(0, curve.length).toArray(), curve, reversals);
        return rules.classify(false, steps, curve[steps], run, 0.0193);
    }
}
