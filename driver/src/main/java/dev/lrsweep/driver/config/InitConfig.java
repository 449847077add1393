package dev.lrsweep.driver.config;

import dev.lrsweep.worker.InitScheme;

/**
 * The start point of every fit: given weights and bias (linear and logistic regression), a seeded draw (an
 * mlp's default), zeros (softmax's default), or the parameters in a JSON file.
 */
public sealed interface InitConfig {

    /**
     * {@code init.weights} and {@code init.bias}.
     *
     * @param weights one per feature; null for all zero
     * @param bias    the start bias
     */
    record Given(double[] weights, double bias) implements InitConfig {
    }

    /**
     * {@code init.seed} and {@code init.scheme}: a seeded draw.
     *
     * @param seed   the seed of the draw
     * @param scheme how it draws each array ({@code pytorch} for a network of {@code model.layers}, else
     *               {@code lecun_normal}: weights N(0, 1/fan_in), biases 0)
     */
    record Drawn(long seed, InitScheme scheme) implements InitConfig {
    }

    /** Every parameter 0. */
    record Zeros() implements InitConfig {
    }

    /**
     * {@code init.file}: a JSON file holding the parameters, as results.json's {@code start} holds them.
     *
     * @param path the file, relative to the config's directory unless absolute
     */
    record FromFile(String path) implements InitConfig {
    }
}
