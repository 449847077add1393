package dev.lrsweep.driver.config;

/**
 * Learning rates spaced evenly between two ends, both included.
 *
 * @param from  the smallest rate
 * @param to    the largest rate
 * @param count how many rates
 * @param scale {@code log} (evenly spaced exponents) or {@code linear}
 */
public record LearningRateRange(Double from, Double to, Integer count, Scale scale) {

    /** How the rates are spaced between the ends. */
    public enum Scale {
        LOG, LINEAR;

        /** The name in config files: {@code log} or {@code linear}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
