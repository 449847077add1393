package dev.lrsweep.driver.config;

import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import java.util.List;

/**
 * The grid: optimizers × schedules × weight decays × batch sizes × seeds × learning rates × step counts.
 *
 * @param learningRates  the rates: listed, a range, or laid by the range test
 * @param steps          the step counts at which results are wanted, each once
 * @param ratesPerTask   how many rates one Spark task fits together in one graph
 * @param optimizers     the optimizers, each its own series of cells
 * @param schedules      the schedules of the rate over a run, each its own series; the learning rate is the peak
 * @param weightDecays   the weight decays λ, each its own series (0: none)
 * @param decayBiases    whether the biases decay too (PyTorch's default with one parameter group)
 * @param batchSizes     the batch sizes, each its own series of cells
 * @param seeds          how many seeds (0, 1, …) each mini-batch series repeats with, each its own shuffles; a
 *                       full batch has one
 */
public record GridConfig(LearningRates learningRates, int[] steps, int ratesPerTask, List<Optimizer> optimizers,
                         List<Schedule> schedules, double[] weightDecays, boolean decayBiases,
                         List<BatchSize> batchSizes, int seeds) {
}
