package dev.lrsweep.driver.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;

/**
 * What a log10 axis shows, as exponents: from 10^low to 10^high. Always at least one decade, at most
 * {@link ReportLimits#MAX_DECADES} (the top gives way), and within 10^±300, so that its bounds, its
 * ticks and every value clamped into it are finite positive numbers.
 *
 * @param low  the exponent of the lower bound
 * @param high the exponent of the upper bound
 */
record LogSpan(double low, double high) {
    private static final double MAX_EXPONENT = 300;
    private static final double MIN_DECADES = 1;

    LogSpan {
        if (high - low < MIN_DECADES) {
            double pad = (MIN_DECADES - (high - low)) / 2;
            low -= pad;
            high += pad;
        }
        low = Math.min(Math.max(low, -MAX_EXPONENT), MAX_EXPONENT - MIN_DECADES);
        high = Math.min(Math.max(high, low + MIN_DECADES), Math.min(low + ReportLimits.MAX_DECADES, MAX_EXPONENT));
    }

    /** From the smallest to the largest of the finite positive values (one decade around 1 if there are none). */
    static LogSpan of(DoubleStream values) {
        double[] exponents = values.filter(value -> value > 0 && value < Double.POSITIVE_INFINITY)
                .map(Math::log10).toArray();
        return exponents.length == 0 ? new LogSpan(0, 0) : new LogSpan(
                DoubleStream.of(exponents).min().getAsDouble(), DoubleStream.of(exponents).max().getAsDouble());
    }

    /** This span, reaching {@code below} decades lower and {@code above} decades higher (then bounded again). */
    LogSpan widened(double below, double above) {
        return new LogSpan(low - below, high + above);
    }

    /** How many decades it spans. */
    double decades() {
        return high - low;
    }

    /** The smallest value shown. */
    double lower() {
        return Math.pow(10, low);
    }

    /** The largest value shown. */
    double upper() {
        return Math.pow(10, high);
    }

    /** Whether the value lies within the span (false for NaN and for non-positive values). */
    boolean contains(double value) {
        return value >= lower() && value <= upper();
    }

    /** The value moved to the nearer edge if it lies beyond one (zero, negatives and −∞ to the bottom); NaN stays NaN. */
    double clamp(double value) {
        return Double.isNaN(value) ? value : Math.min(Math.max(value, lower()), upper());
    }

    /** A base-10 log axis over this span, with at most {@link ReportLimits#MAX_LOG_TICKS} major ticks. */
    LogAxis axis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setRange(lower(), upper());
        double decadesPerTick = Math.max(1, Math.ceil(decades() / ReportLimits.MAX_LOG_TICKS));
        boolean minorTicks = decadesPerTick == 1;
        // 9 minor ticks in a decade fall on 2, 3, … 9 times its power of ten
        axis.setTickUnit(new NumberTickUnit(decadesPerTick, new DecimalFormat("0", DecimalFormatSymbols.getInstance(
                Locale.ROOT)), minorTicks ? 9 : 0));
        axis.setMinorTickMarksVisible(minorTicks);
        return axis;
    }
}
