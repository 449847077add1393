package dev.lrsweep.driver.analysis;

import java.util.Locale;

/**
 * A run's rise above the loss it started from, in a cell that did not diverge.
 *
 * @param step      the first step whose loss was above the start loss
 * @param peakLoss  the highest loss on the run's recorded curve up to the cell's step count
 * @param startLoss the loss at step 0
 */
public record Spike(int step, double peakLoss, double startLoss) {

    /** In plain words, e.g. {@code a spike at step 1 to 3.2× the start loss}. */
    public String words() {
        return String.format(Locale.ROOT, "a spike at step %d to %.3g× the start loss", step, peakLoss / startLoss);
    }
}
