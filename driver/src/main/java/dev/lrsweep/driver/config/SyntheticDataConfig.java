package dev.lrsweep.driver.config;

/**
 * Points x uniform in [-1, 1]^d with y = x·weights + bias + N(0, noise²), drawn from a seeded generator.
 *
 * @param rows    number of points
 * @param weights the true weights, one per feature
 * @param bias    the true bias
 * @param noise   standard deviation of the Gaussian noise on y
 * @param seed    seed of the generator
 */
public record SyntheticDataConfig(Integer rows, double[] weights, Double bias, Double noise, Long seed) {
}
