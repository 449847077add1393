package dev.lrsweep.driver.config;

import dev.lrsweep.worker.Precision;

/**
 * How fits are run and judged.
 *
 * @param divergenceFactor a fit has diverged once its loss is non-finite or exceeds this factor
 *                         times its starting loss
 * @param mode             {@code batched} (the default: every rate of a task in one graph, every
 *                         step count read off one trajectory) or {@code naive} (every grid cell its
 *                         own fit from scratch; a reference for tests and benchmarks)
 * @param precision        the precision of the per-step arithmetic
 * @param parallelism      how the work is shared out: {@code grid}, {@code data} or {@code auto} (the default)
 */
public record FitConfig(double divergenceFactor, Mode mode, Precision precision, Parallelism parallelism) {

    /** How a sweep's work is shared out among Spark's tasks. */
    public enum Parallelism {
        /** The rows are broadcast and each task fits a batch of rates on all of them. */
        GRID,
        /** The rows stay partitioned on the executors; every step, each partition sums the gradients of every
         *  model on its rows. */
        DATA,
        /** {@code grid} while the rows fit a share of an executor's memory, else {@code data}. */
        AUTO;

        /** The name in config files. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How the fits of a sweep are computed. */
    public enum Mode {
        BATCHED, NAIVE;

        /** The name in config files. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
