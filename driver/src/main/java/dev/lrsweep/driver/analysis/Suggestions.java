package dev.lrsweep.driver.analysis;

import java.util.List;

/**
 * What to do with a sweep's results.
 *
 * @param bestPerStepCount for each step count, the rate with the lowest finite loss that did not diverge
 *                         (absent for a step count where every rate diverged or failed), the loss being
 *                         {@code rankedBy}
 * @param largestSafe      the largest rate below {@code lr_critical} (where theory gives one) that diverged at
 *                         no step count and converged at one, or null if there is none
 * @param verdicts         plain words for each band of consecutive rates sharing a regime at the
 *                         largest step count, smallest rates first
 * @param rankedBy         {@code validation_loss} where rows were held out (the loss on them), else
 *                         {@code training_loss}
 */
public record Suggestions(List<BestRate> bestPerStepCount, SafeRate largestSafe, List<Verdict> verdicts,
                          String rankedBy) {
    /** Best rates ranked by the loss on the rows fitted. */
    public static final String TRAINING_LOSS = "training_loss";
    /** Best rates ranked by the loss on the held-out rows. */
    public static final String VALIDATION_LOSS = "validation_loss";

    /** The best rate at {@code steps}, or null where every rate diverged or failed there. */
    public BestRate bestAt(int steps) {
        return bestPerStepCount.stream().filter(best -> best.steps() == steps).findFirst().orElse(null);
    }

    /**
     * A rate that is safe to use: below the stability limit, never diverged, and converged.
     *
     * @param learningRate    the rate
     * @param convergedWithin the smallest step count of the grid at which it converged
     */
    public record SafeRate(double learningRate, int convergedWithin) {
    }

    /**
     * The best rate for a step budget.
     *
     * @param steps        the step count
     * @param learningRate the rate with the lowest loss
     * @param loss         its loss, training or validation (see {@code rankedBy})
     * @param regime       its regime
     * @param chaotic      whether its loss's digits past the first are rounding's (see {@code CellResult#chaotic})
     */
    public record BestRate(int steps, double learningRate, double loss, Regime regime, boolean chaotic) {
    }

    /**
     * A band of consecutive rates with the same regime.
     *
     * @param fromRate the smallest rate of the band
     * @param toRate   the largest rate of the band
     * @param regime   their regime
     * @param text     the verdict in plain words, e.g. "0.001 … 0.0043: too slow for 1000 steps"
     */
    public record Verdict(double fromRate, double toRate, Regime regime, String text) {
    }
}
