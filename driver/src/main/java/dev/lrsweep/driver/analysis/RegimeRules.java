package dev.lrsweep.driver.analysis;

import java.util.Arrays;

/**
 * The rules that name a cell's regime, applied in this order to the run of its learning rate up to
 * its step count s, with L_t the loss at step t and L* the floor (the optimal loss, or the best in the grid):
 * <ol>
 *   <li>{@code failed} if the fit threw;</li>
 *   <li>{@code diverged} if by step s the loss passed the divergence bound or turned non-finite;</li>
 *   <li>for linear least squares ({@code riseIsDivergence}), {@code diverged} also if the loss rose above L_0:
 *       its loss is a quadratic, on which a rate past the stability limit grows the error geometrically and a
 *       stable one lowers the loss at every step of full-batch gradient descent. So any rise is divergence there;
 *       for momentum, Nesterov, Adam and mini-batches, whose loss may rise on the way down, only where L_s is
 *       still above L_0. The step recorded is the first such step, and the cause is whichever came first;</li>
 *   <li>for every other family a rise is not divergence: a logistic loss past its smoothness bound, or a
 *       network's in the catapult phase (Lewkowycz et al. 2020) and at the edge of stability (Cohen et al.
 *       2021), can rise and come back down. Such a run is {@code unstable} if by step s it has not settled back:
 *       L_s ≥ L_0, or some loss above L_0 in the last {@code oscillationWindow} steps up to s that came after
 *       the first rise. A settled run goes on to the rules below, which keep its spike (step and peak);</li>
 *   <li>{@code converged} if L_s − L* ≤ {@code convergedTolerance} · max(L*, 1e-12·L_0) (the floor
 *       keeps the rule meaningful on noise-free data, where L* is 0); {@code converged_after_spike} if it rose
 *       above L_0 on the way;</li>
 *   <li>{@code stalled} if it rose above L_0 and, not converged, its loss repeats over the last
 *       {@code oscillationWindow} steps up to s with a period of at most {@value #MAX_PERIOD} steps: every loss
 *       there within {@value #FLAT} (relative) of the loss that many steps before, flat (period 1) or cycling.
 *       Descent that still moves changes the loss by more than rounding; one stopped far from the floor after a
 *       spike was thrown where it cannot leave (a network whose units died: its outputs then give the class shares
 *       whatever the input, and at a large rate the output bias alone cycles, as the hotdog example's rate 30 does
 *       with period 4);</li>
 *   <li>{@code oscillating} if, in the last {@code oscillationWindow} steps up to s, at least the
 *       share {@code oscillationShare} of steps had a gradient pointing against the one before;</li>
 *   <li>{@code undershoot} otherwise: finite, not converged, moving steadily toward the optimum.</li>
 * </ol>
 *
 * @param convergedTolerance excess loss allowed, relative to the optimal loss
 * @param oscillationWindow  how many final steps are looked at for reversals (and for an unstable run's settling)
 * @param oscillationShare   the share of those steps that must reverse
 * @param riseIsDivergence   whether a rise above the start loss is divergence: for a quadratic loss
 */
public record RegimeRules(double convergedTolerance, int oscillationWindow, double oscillationShare,
                          boolean riseIsDivergence) {

    /**
     * The regime of one cell.
     *
     * @param failed      whether the fit threw
     * @param steps       the cell's step count s
     * @param loss        the cell's loss L_s (for a run that hit the bound earlier: the loss there)
     * @param curve       the run of the cell's learning rate
     * @param optimalLoss L*
     */
    public CellRegime classify(boolean failed, int steps, double loss, LossCurve curve, double optimalLoss) {
        if (failed) {
            return CellRegime.of(Regime.FAILED, Double.NaN);
        }
        double excess = loss - optimalLoss;
        Integer risen = curve.roseAboveStartAtStep();
        Integer bound = curve.divergedAtStep();
        Integer rose = risen != null && risen <= steps && (bound == null || risen < bound) ? risen : null;
        boolean falls = curve.series().fallsAtEveryStableStep();
        double startLoss = curve.loss()[0];
        if (riseIsDivergence && rose != null && (falls || !(loss <= startLoss))) {
            return new CellRegime(Regime.DIVERGED, excess, rose, DivergenceCause.ROSE_ABOVE_START, null, null);
        }
        if (bound != null && bound <= steps) {
            return new CellRegime(Regime.DIVERGED, excess, bound,
                    Double.isFinite(loss) ? DivergenceCause.PASSED_BOUND : DivergenceCause.NOT_FINITE, null, null);
        }
        Spike spike = rose == null ? null : new Spike(rose, range(curve, 0, steps).max(), startLoss);
        int window = Math.min(oscillationWindow, steps);
        // the steps since the rise, at most the window's: a run has settled once it is back below its start there
        if (spike != null && !settled(curve, steps, Math.min(window, steps - rose), loss, startLoss)) {
            return new CellRegime(Regime.UNSTABLE, excess, null, null, spike, range(curve, rose, steps));
        }
        if (excess <= convergedTolerance * Math.max(optimalLoss, 1e-12 * startLoss)) {
            return new CellRegime(spike == null ? Regime.CONVERGED : Regime.CONVERGED_AFTER_SPIKE, excess, null, null,
                    spike, null);
        }
        if (spike != null && window > 1 && repeats(curve, steps, window)) {
            return new CellRegime(Regime.STALLED, excess, null, null, spike, null);
        }
        int[] curveSteps = curve.steps();
        boolean[] reversals = curve.reversals();
        int turns = 0;
        for (int t = steps - window + 1; t <= steps; t++) {
            int at = Arrays.binarySearch(curveSteps, t);
            turns += at >= 0 && reversals[at] ? 1 : 0;
        }
        Regime regime = window > 0 && turns >= oscillationShare * window ? Regime.OSCILLATING : Regime.UNDERSHOOT;
        return new CellRegime(regime, excess, null, null, spike, null);
    }

    /** How little a stalled run's loss differs from one period before, relative to its loss. */
    static final double FLAT = 1e-9;
    /** The longest cycle, in steps, a stalled run's loss may repeat with. */
    static final int MAX_PERIOD = 8;

    /**
     * Whether the recorded losses in the window up to step s repeat with some period of 1 to {@link #MAX_PERIOD}
     * steps: each within {@link #FLAT} of the loss one period before, where that step is recorded too (the window's
     * steps are), at least period + 2 of them: a whole period seen again and then some.
     */
    private static boolean repeats(LossCurve curve, int steps, int window) {
        int[] curveSteps = curve.steps();
        double[] losses = curve.loss();
        for (int period = 1; period <= MAX_PERIOD && period + 2 < window; period++) {
            int compared = 0;
            boolean repeating = true;
            for (int i = period; i < curveSteps.length && curveSteps[i] <= steps && repeating; i++) {
                if (curveSteps[i] > steps - window && curveSteps[i - period] == curveSteps[i] - period) {
                    compared++;
                    repeating = Math.abs(losses[i] - losses[i - period]) <= FLAT * Math.abs(losses[i]);
                }
            }
            if (repeating && compared >= period + 2) {
                return true;
            }
        }
        return false;
    }

    /** Whether a run that rose above its start is back below it at step s and stayed there over the window. */
    private static boolean settled(LossCurve curve, int steps, int window, double loss, double startLoss) {
        if (!(loss < startLoss)) {
            return false;
        }
        int[] curveSteps = curve.steps();
        double[] losses = curve.loss();
        for (int i = 0; i < curveSteps.length && curveSteps[i] <= steps; i++) {
            if (curveSteps[i] > steps - window && !(losses[i] < startLoss)) {
                return false;
            }
        }
        return true;
    }

    /** The range of the recorded losses from step {@code from} to step s. */
    private static LossRange range(LossCurve curve, int from, int steps) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int[] curveSteps = curve.steps();
        double[] losses = curve.loss();
        for (int i = 0; i < curveSteps.length && curveSteps[i] <= steps; i++) {
            if (curveSteps[i] >= from) {
                min = Math.min(min, losses[i]);
                max = Math.max(max, losses[i]);
            }
        }
        return new LossRange(min, max);
    }
}
