package dev.lrsweep.driver.config;

/**
 * The grid of learning rates × step counts.
 *
 * @param learningRates  the rates, a list or a range
 * @param steps          the step counts at which results are wanted
 * @param ratesPerTask   how many rates one Spark task fits together in one graph
 */
public record GridConfig(LearningRates learningRates, int[] steps, Integer ratesPerTask) {
}
