package dev.lrsweep.driver.analysis;

/**
 * A cell's regime and how far it is above the optimum.
 *
 * @param regime        the regime
 * @param excessLoss    the cell's loss minus the optimal loss (NaN for a failed cell)
 * @param leftAtStep    for a diverged cell, the first step whose loss was above the start loss or
 *                      past the divergence bound; else null
 */
public record CellRegime(Regime regime, double excessLoss, Integer leftAtStep) {
}
