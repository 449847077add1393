package dev.lrsweep.driver.config;

/**
 * Rows held out of the fit to measure each cell on.
 *
 * @param fraction the share of the rows held out, above 0 and below 1
 * @param seed     the seed of the split: the same rows for the same data and seed, whatever their order or
 *                 partitioning
 */
public record ValidationConfig(double fraction, long seed) {
}
