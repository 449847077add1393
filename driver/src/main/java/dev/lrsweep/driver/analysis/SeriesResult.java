package dev.lrsweep.driver.analysis;

/**
 * One series' analysis: its optimizer's stability limit beside where it measured its edge, and its suggestions.
 *
 * @param series            the series
 * @param lrCritical        its optimizer's limit on this data (see {@link OptimizerTheory}), or null where there is none
 * @param lrCriticalFormula the limit's formula, or why there is none
 * @param boundary          the edge of stability it measured, at the largest step count
 * @param suggestions       its best rates and its verdict per band of rates
 */
public record SeriesResult(Series series, Double lrCritical, String lrCriticalFormula, Boundary boundary,
                           Suggestions suggestions) {
}
