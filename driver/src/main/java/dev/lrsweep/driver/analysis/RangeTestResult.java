package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.descent.RangeTest;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.Arrays;

/**
 * One range test run and what it suggests, the three ways fastai's {@code lr_find} suggests a rate, each read
 * off the smoothed loss with the first tenth of the run and its last {@value #SKIPPED_AT_END} steps left out
 * (where fastai leaves them out: the start is flat, the end already exploding):
 * <ul>
 *   <li>steepest: the rate where the smoothed loss falls fastest against log(rate) (PyTorch Lightning's
 *       suggestion, and this tool's: the one {@code grid.learning_rates: auto} lays its grid around);</li>
 *   <li>valley: the longest stretch over which the smoothed loss keeps falling, half way along it (fastai's
 *       {@code valley}, its default). On a full batch the loss falls at every step of the flat start, if only
 *       a little, so the stretch starts at the first step and the valley lands far below the useful rates;</li>
 *   <li>minimum ÷ 10: a tenth of the rate at the lowest smoothed loss (Smith's rule of thumb).</li>
 * </ul>
 *
 * @param optimizer      the optimizer's label
 * @param batchSize      rows per mini-batch, or null for the full batch
 * @param rates          the rate of each step taken
 * @param losses         the loss before each step
 * @param smoothed       the smoothed loss
 * @param stoppedBecause why the run stopped
 * @param steepest       the steepest-descent suggestion, or null if the run is too short to tell
 * @param valley         the valley suggestion, or null likewise
 * @param minimumOverTen the minimum ÷ 10 suggestion, or null likewise
 * @param lrCritical     the optimizer's stability limit on this data (see {@link OptimizerTheory}), or null
 */
public record RangeTestResult(String optimizer, Integer batchSize, double[] rates, double[] losses, double[] smoothed,
                              String stoppedBecause, Double steepest, Double valley, Double minimumOverTen,
                              Double lrCritical) {
    /** The steps at the end of a run its suggestions leave out. */
    public static final int SKIPPED_AT_END = 5;

    /** The run's suggestions read off its trace. */
    public static RangeTestResult of(String optimizer, Integer batchSize, RangeTest.Trace trace, Double lrCritical) {
        double[] rates = trace.rates();
        double[] smoothed = trace.smoothed();
        int from = rates.length / 10;
        int to = rates.length - SKIPPED_AT_END;
        if (to - from < 3) {
            from = 0;
            to = rates.length;
        }
        if (to - from < 3) {
            return new RangeTestResult(optimizer, batchSize, rates, trace.losses(), smoothed, trace.stoppedBecause(),
                    null, null, null, lrCritical);
        }
        double[] r = Arrays.copyOfRange(rates, from, to);
        double[] l = Arrays.copyOfRange(smoothed, from, to);
        return new RangeTestResult(optimizer, batchSize, rates, trace.losses(), smoothed, trace.stoppedBecause(),
                steepest(r, l), valley(r, l), minimumOverTen(r, l), lrCritical);
    }

    /** The rate at the steepest fall of the loss against log(rate): fastai's {@code steep}. */
    static double steepest(double[] rates, double[] losses) {
        int best = 0;
        double steepest = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < rates.length; i++) {
            double slope = (losses[i + 1] - losses[i]) / (Math.log(rates[i + 1]) - Math.log(rates[i]));
            if (slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return rates[best];
    }

    /**
     * fastai's {@code valley}: the longest decreasing subsequence of the losses ends at the valley's bottom;
     * the suggestion lies {@code ⌊s⌋ + ⌊s/2⌋} steps past its start, s being a third of its length. fastai's
     * search compares every pair of steps; this one keeps, for each length, the largest loss a decreasing
     * subsequence of that length can end on (patience sorting), so a test of a million steps takes
     * milliseconds. The same answer: the first step where the longest subsequence ends, and its start that
     * many steps before it.
     */
    static double valley(double[] rates, double[] losses) {
        int n = losses.length;
        // ends[m]: the largest loss on which a strictly decreasing subsequence of length m + 1 ends so far
        double[] ends = new double[n];
        int longest = 0;
        int maxEnd = 0;
        for (int i = 0; i < n; i++) {
            // the first length whose end is not above this loss: this loss extends the length before it
            int low = 0;
            int high = longest;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (ends[middle] > losses[i]) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            ends[low] = losses[i];
            if (low == longest) {
                longest++;
                maxEnd = i;
            }
        }
        int maxStart = maxEnd - longest;
        double sections = (maxEnd - maxStart) / 3.0;
        int index = Math.min(n - 1, Math.max(0, maxStart + (int) sections + (int) (sections / 2)));
        return rates[index];
    }

    /** A tenth of the rate at the lowest loss. */
    static double minimumOverTen(double[] rates, double[] losses) {
        int lowest = 0;
        for (int i = 1; i < losses.length; i++) {
            if (losses[i] < losses[lowest]) {
                lowest = i;
            }
        }
        return rates[lowest] / 10;
    }

    /**
     * Whether the loss rose out of the run before its last rate: it passed the stop factor or stopped being finite.
     * A run that reached the last rate did not find where the rates become too large.
     */
    public boolean exploded() {
        return !RangeTest.Trace.REACHED_TO.equals(stoppedBecause);
    }

    /** The series the run stands for (its optimizer and batch size, at a constant rate without weight decay). */
    public Series series() {
        return new Series(Optimizer.ofLabel(optimizer), batchSize, null);
    }
}
