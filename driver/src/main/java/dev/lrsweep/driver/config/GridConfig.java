package dev.lrsweep.driver.config;

import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.List;

/**
 * The grid: optimizers × batch sizes × seeds × learning rates × step counts.
 *
 * @param learningRates  the rates: listed, a range, or laid by the range test
 * @param steps          the step counts at which results are wanted, each once
 * @param ratesPerTask   how many rates one Spark task fits together in one graph
 * @param optimizers     the optimizers, each its own series of cells
 * @param batchSizes     the batch sizes, each its own series of cells
 * @param seeds          how many seeds (0, 1, …) each mini-batch series repeats with, each its own shuffles; a
 *                       full batch has one
 */
public record GridConfig(LearningRates learningRates, int[] steps, int ratesPerTask, List<Optimizer> optimizers,
                         List<BatchSize> batchSizes, int seeds) {
}
