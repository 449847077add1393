package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The learning rates of a sweep: listed, a range, or laid by the range test. */
public sealed interface LearningRates {

    /**
     * Rates as listed ({@code [0.01, 0.1, 1]}).
     *
     * @param rates positive, finite, each once
     */
    record Listed(double[] rates) implements LearningRates {
    }

    /**
     * Rates spaced evenly between two ends, both included ({@code {from: 1e-3, to: 10, count: 20, scale: log}}).
     *
     * @param from  the smallest rate
     * @param to    the largest rate
     * @param count how many rates
     * @param scale how they are spaced
     */
    record Range(double from, double to, int count, Scale scale) implements LearningRates {
    }

    /**
     * {@code auto}: {@code count} rates laid on a log scale around the range test's suggestion (see
     * {@code RangeTestRun}).
     *
     * @param count how many rates
     */
    record Auto(int count) implements LearningRates {
    }

    /** How the rates of a range are spaced between its ends. */
    enum Scale {
        /** Evenly spaced exponents. */
        LOG,
        /** Evenly spaced rates. */
        LINEAR;

        /** The name in config files: {@code log} or {@code linear}. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
