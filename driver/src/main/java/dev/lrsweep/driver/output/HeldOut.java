package dev.lrsweep.driver.output;

/**
 * The rows held out of the fit to measure each cell on ({@code data.validation}).
 *
 * @param fraction the share of rows asked for
 * @param seed     the split's seed
 * @param rows     how many rows the split held out (the dataset's {@code rows} are the others, the fit's)
 */
public record HeldOut(double fraction, long seed, int rows) {
}
