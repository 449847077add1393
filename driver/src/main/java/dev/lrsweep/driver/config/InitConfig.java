package dev.lrsweep.driver.config;

/**
 * The start point of every fit.
 *
 * @param weights one per feature; null means all zero
 * @param bias    the start bias
 */
public record InitConfig(double[] weights, Double bias) {
}
