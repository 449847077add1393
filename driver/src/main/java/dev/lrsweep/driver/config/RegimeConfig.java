package dev.lrsweep.driver.config;

/**
 * Thresholds of the rules that name each cell's regime (see the README's "Regimes").
 *
 * @param convergedTolerance a cell has converged when its excess loss is at most this times the optimal loss
 * @param oscillationWindow  how many final steps of a run are checked for reversals
 * @param oscillationShare   the share of those steps whose gradient must turn back for {@code oscillating}
 */
public record RegimeConfig(Double convergedTolerance, Integer oscillationWindow, Double oscillationShare) {
}
