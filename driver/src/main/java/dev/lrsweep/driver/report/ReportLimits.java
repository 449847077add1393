package dev.lrsweep.driver.report;

/**
 * Every limit on what the report draws and lists, in one place (README, "Reading the report", says
 * them too). They keep the page small and quick to draw whatever the sweep's size or its numbers;
 * {@code results.csv} and {@code results.json} always keep everything.
 */
final class ReportLimits {
    /** The most decades a log axis or the heatmap's colour scale spans, counted up from the smallest value shown. */
    static final double MAX_DECADES = 30;
    /** The most major ticks on a log axis; minor ticks only while a major tick is one decade. */
    static final int MAX_LOG_TICKS = 10;

    private ReportLimits() {
    }
}
