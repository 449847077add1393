package dev.lrsweep.driver.analysis;

/**
 * Where the sweep measured the edge of stability, at its largest step count, beside theory's.
 *
 * @param steps                  the step count it was measured at (the largest)
 * @param largestStableRate      the largest rate that was neither diverged, failed nor unstable, or null if none
 * @param smallestDivergedRate   the smallest rate that diverged, or null if none did
 * @param lrCritical             theory's limit, 2/λ_max at the optimum, or null where theory has none
 * @param gridStepsFromCritical  how many grid rates the smallest diverged rate lies above the first
 *                               grid rate beyond {@code lrCritical} (0: exactly where theory says;
 *                               negative: it diverged below the limit), or null if none diverged or
 *                               no grid rate lies beyond the limit
 */
public record Boundary(int steps, Double largestStableRate, Double smallestDivergedRate, Double lrCritical,
                       Integer gridStepsFromCritical) {
}
