package dev.lrsweep.driver.config;

/**
 * The start point of every fit: for a linear or logistic model {@code weights} and {@code bias}; for an
 * mlp a seeded draw; for any model the parameters in a JSON file.
 *
 * @param weights linear and logistic: one per feature; null means all zero
 * @param bias    linear and logistic: the start bias, default 0
 * @param seed    mlp: the seed of the draw (weights N(0, 1/fan_in), biases 0), default 0
 * @param file    a JSON file holding the parameters, as results.json's {@code start} holds them;
 *                relative to the config's directory
 */
public record InitConfig(double[] weights, Double bias, Long seed, String file) {
}
