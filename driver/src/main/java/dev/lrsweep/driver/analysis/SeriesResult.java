package dev.lrsweep.driver.analysis;

import java.util.List;

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

    /** The best rate at the largest step count, where the boundary was measured; null where every rate diverged. */
    public Suggestions.BestRate bestAtLargestBudget() {
        List<Suggestions.BestRate> best = suggestions.bestPerStepCount();
        Suggestions.BestRate last = best.isEmpty() ? null : best.get(best.size() - 1);
        return last == null || last.steps() != boundary.steps() ? null : last;
    }
}
