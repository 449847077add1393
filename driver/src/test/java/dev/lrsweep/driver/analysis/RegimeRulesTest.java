package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegimeRulesTest {
    private static final RegimeRules RULES = new RegimeRules(0.01, 10, 0.5);
    private static final double OPTIMUM = 1.0;

    private static double[] curve(int steps, java.util.function.IntToDoubleFunction loss) {
        double[] curve = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            curve[t] = loss.applyAsDouble(t);
        }
        return curve;
    }

    private static CellRegime classify(int steps, double[] curve, boolean[] reversals, Integer divergedAt) {
        return RULES.classify(false, steps, curve[Math.min(steps, curve.length - 1)], curve, reversals, divergedAt,
                OPTIMUM);
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
        assertThat(RULES.classify(true, 10, Double.NaN, new double[0], new boolean[0], null, OPTIMUM).regime())
                .isEqualTo(Regime.FAILED);
    }
}
