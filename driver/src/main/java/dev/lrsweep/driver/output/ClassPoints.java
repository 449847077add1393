package dev.lrsweep.driver.output;

/**
 * Points of a two-feature classification dataset, for the picture of the decision boundaries; at most
 * {@link Points#LIMIT}, taken at an even stride through the rows.
 *
 * @param x0     the first feature
 * @param x1     the second feature
 * @param labels the class, 0 or 1
 */
public record ClassPoints(double[] x0, double[] x1, double[] labels) {
}
