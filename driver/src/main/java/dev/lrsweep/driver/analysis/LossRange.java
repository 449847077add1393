package dev.lrsweep.driver.analysis;

import java.util.Locale;

/**
 * The range an unstable run's loss wandered in, from its first rise above the start to the cell's step count (on
 * its recorded curve).
 *
 * @param min the lowest loss
 * @param max the highest loss
 */
public record LossRange(double min, double max) {

    /** In plain words, e.g. {@code loss wandering in 0.812 … 1.03}. */
    public String words() {
        return String.format(Locale.ROOT, "loss wandering in %.3g … %.3g", min, max);
    }
}
