package dev.lrsweep.driver.analysis;

/**
 * The rules that name a cell's regime, applied in this order to the run of its learning rate up to
 * its step count s, with L_t the loss at step t and L* the optimal loss:
 * <ol>
 *   <li>{@code failed} if the fit threw;</li>
 *   <li>{@code diverged} if the run hit the divergence bound by step s, or L_s is above L_0 (the loss
 *       grew past where it started); the step recorded is the first such step;</li>
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
     * @param failed         whether the fit threw
     * @param steps          the cell's step count s
     * @param loss           the cell's loss L_s (for a run that hit the bound earlier: the loss there)
     * @param lossCurve      the run's loss at steps 0, 1, … (it may stop before s if it diverged)
     * @param reversals      for each step of the curve, whether the gradient turned back
     * @param divergedAtStep the step the run hit the divergence bound, or null
     * @param optimalLoss    L*
     */
    public CellRegime classify(boolean failed, int steps, double loss, double[] lossCurve, boolean[] reversals,
                               Integer divergedAtStep, double optimalLoss) {
        if (failed) {
            return new CellRegime(Regime.FAILED, Double.NaN, null);
        }
        double excess = loss - optimalLoss;
        double startLoss = lossCurve[0];
        int last = Math.min(steps, lossCurve.length - 1);
        for (int t = 1; t <= last; t++) {
            if (lossCurve[t] > startLoss) {
                return new CellRegime(Regime.DIVERGED, excess, t);
            }
        }
        if (divergedAtStep != null && divergedAtStep <= steps) {
            return new CellRegime(Regime.DIVERGED, excess, divergedAtStep);
        }
        if (excess <= convergedTolerance * Math.max(optimalLoss, 1e-12 * startLoss)) {
            return new CellRegime(Regime.CONVERGED, excess, null);
        }
        int window = Math.min(oscillationWindow, last);
        int turns = 0;
        for (int t = last - window + 1; t <= last; t++) {
            turns += reversals[t] ? 1 : 0;
        }
        if (window > 0 && turns >= oscillationShare * window) {
            return new CellRegime(Regime.OSCILLATING, excess, null);
        }
        return new CellRegime(Regime.UNDERSHOOT, excess, null);
    }
}
