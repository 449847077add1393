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
 * @param parallelism        {@code grid} or {@code data} (see {@code fit.parallelism})
 * @param parallelismReason  why the sweep ran in that mode
 */
public record Execution(String master, String sparkVersion, int defaultParallelism, int tasks, int ratesPerTask,
                        int resumedBatches, String parallelism, String parallelismReason) {
}
