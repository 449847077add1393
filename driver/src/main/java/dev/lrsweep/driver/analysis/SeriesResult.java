package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One series' analysis: its optimizer's stability limit beside where it measured its edge, and its suggestions.
 *
 * @param series            the series
 * @param lrCritical        its optimizer's limit on this data (see {@link OptimizerTheory}), or null where there is none
 * @param lrCriticalFormula the limit's formula, or why there is none
 * @param boundary          the edge of stability it measured, at the largest step count
 * @param suggestions       its best rates and its verdict per band of rates
 * @param parameterConvergence for plain full-batch gradient descent on linear least squares, the steps its best
 *                          rate at the largest step count needs to bring the parameters within 1% of the exact
 *                          optimum; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesResult(Series series, Double lrCritical, String lrCriticalFormula, Boundary boundary,
                           Suggestions suggestions, ParameterConvergence parameterConvergence) {

    /** The best rate at the largest step count, where the boundary was measured; null where every rate diverged. */
    public Suggestions.BestRate bestAtLargestBudget() {
        return suggestions.bestAt(boundary.steps());
    }
}
