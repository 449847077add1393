package dev.lrsweep.driver.config;

/**
 * How fits are run and judged.
 *
 * @param divergenceFactor a fit has diverged once its loss is non-finite or exceeds this factor
 *                         times its starting loss
 * @param mode             {@code batched} (the default: every rate of a task in one graph, every
 *                         step count read off one trajectory) or {@code naive} (every grid cell its
 *                         own fit from scratch; a reference for tests and benchmarks)
 * @param precision        {@code float64} (the default) or {@code float32}: the precision of the
 *                         per-step arithmetic
 */
public record FitConfig(Double divergenceFactor, Mode mode, Precision precision) {

    /** The precision of the per-step arithmetic; everything reported stays double. */
    public enum Precision {
        FLOAT64, FLOAT32;

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
