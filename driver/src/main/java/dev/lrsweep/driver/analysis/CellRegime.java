package dev.lrsweep.driver.analysis;

/**
 * A cell's regime and how far it is above the optimum.
 *
 * @param regime          the regime
 * @param excessLoss      the cell's loss minus the optimal loss (NaN for a failed cell)
 * @param leftAtStep      for a diverged cell, the first step whose loss passed the divergence bound or was not
 *                        finite (for linear least squares: or was above the start loss); else null
 * @param divergedBecause for a diverged cell, which of those happened first; else null
 * @param spike           for a cell that did not diverge but rose above its start on the way, the rise; else null
 * @param unstableRange   for an unstable cell, the range its loss wandered in; else null
 */
public record CellRegime(Regime regime, double excessLoss, Integer leftAtStep, DivergenceCause divergedBecause,
                         Spike spike, LossRange unstableRange) {

    /** A regime with nothing more to say than its excess loss. */
    static CellRegime of(Regime regime, double excessLoss) {
        return new CellRegime(regime, excessLoss, null, null, null, null);
    }
}
