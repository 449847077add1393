package dev.lrsweep.driver.output;

/**
 * Points of a one-feature dataset, for the picture of the fit; at most {@link #LIMIT}, taken at an
 * even stride through the rows.
 *
 * @param x the feature
 * @param y the label
 */
public record Points(double[] x, double[] y) {
    /** The most points kept. */
    public static final int LIMIT = 2000;
}
