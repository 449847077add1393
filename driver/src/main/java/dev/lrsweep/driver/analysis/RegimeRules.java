package dev.lrsweep.driver.analysis;

import java.util.Arrays;

/**
 * The rules that name a cell's regime, applied in this order to the run of its learning rate up to
 * its step count s, with L_t the loss at step t and L* the optimal loss:
 * <ol>
 *   <li>{@code failed} if the fit threw;</li>
 *   <li>{@code diverged} if by step s the loss passed the divergence bound or turned non-finite, or
 *       rose above L_0 (where it started): for full-batch gradient descent at any step up to s, since
 *       its loss falls at every step of a stable rate; for momentum, Nesterov, Adam and mini-batches,
 *       whose loss may rise on the way down, only where L_s is still above L_0. The step recorded is
 *       the first such step, and the cause is whichever came first;</li>
 *   <li>{@code converged} if L_s − L* ≤ {@code convergedTolerance} · max(L*, 1e-12·L_0) (the floor
 *       keeps the rule meaningful on noise-free data, where L* is 0);</li>
 *   <li>{@code oscillating} if, in the last {@code oscillationWindow} steps up to s, at least the
 *       share {@code oscillationShare} of steps had a gradient pointing against the one before;</li>
 *   <li>{@code undershoot} otherwise: finite, not converged, moving steadily toward the optimum.</li>
 * </ol>
 *
 * @param convergedTolerance excess loss allowed, relative to the optimal loss
 * @param oscillationWindow  how many final steps are looked at for reversals
 * @param oscillationShare   the share of those steps that must reverse
 */
public record RegimeRules(double convergedTolerance, int oscillationWindow, double oscillationShare) {

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
            return new CellRegime(Regime.FAILED, Double.NaN, null, null);
        }
        double excess = loss - optimalLoss;
        Integer rose = curve.roseAboveStartAtStep();
        Integer bound = curve.divergedAtStep();
        // full-batch gradient descent lowers the loss at every step of a stable rate; the other optimizers and
        // mini-batches may raise it on the way down
        boolean falls = "gd".equals(curve.optimizer()) && curve.batchSize() == null;
        double startLoss = curve.loss()[0];
        if (rose != null && rose <= steps && (bound == null || rose < bound) && (falls || !(loss <= startLoss))) {
            return new CellRegime(Regime.DIVERGED, excess, rose, DivergenceCause.ROSE_ABOVE_START);
        }
        if (bound != null && bound <= steps) {
            return new CellRegime(Regime.DIVERGED, excess, bound,
                    Double.isFinite(loss) ? DivergenceCause.PASSED_BOUND : DivergenceCause.NOT_FINITE);
        }
        if (excess <= convergedTolerance * Math.max(optimalLoss, 1e-12 * startLoss)) {
            return new CellRegime(Regime.CONVERGED, excess, null, null);
        }
        int window = Math.min(oscillationWindow, steps);
        int[] curveSteps = curve.steps();
        boolean[] reversals = curve.reversals();
        int turns = 0;
        for (int t = steps - window + 1; t <= steps; t++) {
            int at = Arrays.binarySearch(curveSteps, t);
            turns += at >= 0 && reversals[at] ? 1 : 0;
        }
        if (window > 0 && turns >= oscillationShare * window) {
            return new CellRegime(Regime.OSCILLATING, excess, null, null);
        }
        return new CellRegime(Regime.UNDERSHOOT, excess, null, null);
    }
}
