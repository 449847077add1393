package dev.lrsweep.driver.output;

/**
 * How and where the sweep ran.
 *
 * @param master             the Spark master URL
 * @param sparkVersion       the Spark version
 * @param defaultParallelism Spark's default parallelism (cores available to the sweep)
 * @param tasks              Spark tasks: one per batch of learning rates
 * @param ratesPerTask       learning rates per batch
 * @param resumedBatches     batches taken from the journal of an interrupted run instead of computed
 */
public record Execution(String master, String sparkVersion, int defaultParallelism, int tasks, int ratesPerTask,
                        int resumedBatches) {
}
