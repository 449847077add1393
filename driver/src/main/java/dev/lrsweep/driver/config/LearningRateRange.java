package dev.lrsweep.driver.config;

/**
 * Learning rates spaced evenly between two ends, both included; or with {@code auto}, {@code count} rates
 * laid on a log scale around the range test's suggestion (see {@code RangeTests}).
 *
 * @param from  the smallest rate (not with auto)
 * @param to    the largest rate (not with auto)
 * @param count how many rates
 * @param scale {@code log} (evenly spaced exponents) or {@code linear}
 * @param auto  whether the range test chooses the ends
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record LearningRateRange(Double from, Double to, Integer count, Scale scale, Boolean auto) {

    /** A range from {@code from} to {@code to}. */
    public LearningRateRange(Double from, Double to, Integer count, Scale scale) {
        this(from, to, count, scale, null);
    }

    /** Whether the range test chooses the ends. */
    public boolean isAuto() {
        return Boolean.TRUE.equals(auto);
    }

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
