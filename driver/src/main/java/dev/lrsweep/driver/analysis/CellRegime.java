package dev.lrsweep.driver.analysis;

/**
 * A cell's regime and how far it is above the optimum.
 *
 * @param regime          the regime
 * @param excessLoss      the cell's loss minus the optimal loss (NaN for a failed cell)
 * @param leftAtStep      for a diverged cell, the first step whose loss was above the start loss,
 *                        past the divergence bound or not finite; else null
 * @param divergedBecause for a diverged cell, which of those happened first; else null
 */
public record CellRegime(Regime regime, double excessLoss, Integer leftAtStep, DivergenceCause divergedBecause) {
}
