package dev.lrsweep.driver.config;

/**
 * Thresholds of the rules that name each cell's regime (see the README's "Regimes").
 *
 * @param convergedTolerance a cell has converged when its excess loss is at most this times the optimal loss
 * @param oscillationWindow  how many final steps of a run are checked for reversals
 * @param oscillationShare   the share of those steps whose gradient must turn back for {@code oscillating}
 * @param sensitivity        which rates run a twin from a perturbed state, to tell which cells' digits are
 *                           rounding's: {@code auto} (the default), {@code on} or {@code off}
 */
public record RegimeConfig(double convergedTolerance, int oscillationWindow, double oscillationShare,
                           Sensitivity sensitivity) {

    /** Which rates run a sensitivity twin. */
    public enum Sensitivity {
        /**
         * The rates at or above half of {@code lr_critical}; where theory has none, at or above the range test's
         * steepest rate; where neither is known, at or above half of 2/λ_max at the start (the start's own
         * stability limit).
         */
        AUTO,
        /** Every rate. */
        ON,
        /** None: no cell is judged chaotic or not. */
        OFF;

        /**
         * The setting a config file names: {@code auto}, {@code on} or {@code off}, and YAML's booleans for the
         * last two (YAML 1.1 reads an unquoted {@code on} as true).
         */
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public static Sensitivity of(Object value) {
            if (value instanceof Boolean on) {
                return on ? ON : OFF;
            }
            for (Sensitivity sensitivity : values()) {
                if (sensitivity.label().equals(value)) {
                    return sensitivity;
                }
            }
            throw new IllegalArgumentException("not a sensitivity: " + value);
        }

        /** The name in config files. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
