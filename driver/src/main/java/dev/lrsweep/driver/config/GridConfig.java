package dev.lrsweep.driver.config;

import java.util.List;

/**
 * The grid: optimizers × batch sizes × seeds × learning rates × step counts.
 *
 * @param learningRates  the rates, a list or a range
 * @param steps          the step counts at which results are wanted
 * @param ratesPerTask   how many rates one Spark task fits together in one graph
 * @param optimizers     the optimizers, each its own series of cells
 * @param batchSizes     the batch sizes, each its own series of cells
 * @param seeds          how many seeds (0, 1, …) each mini-batch series repeats with, each its own shuffles; a
 *                       full batch has one
 */
public record GridConfig(LearningRates learningRates, int[] steps, Integer ratesPerTask,
                         List<OptimizerConfig> optimizers, List<BatchSize> batchSizes, Integer seeds) {
}
