package dev.lrsweep.driver.report;

/**
 * Every limit on what the report draws and lists, in one place (README, "Reading the report", says
 * them too). They keep the page small and quick to draw whatever the size of the sweep or its
 * numbers; {@code results.csv} and {@code results.json} always keep everything.
 */
final class ReportLimits {
    /** The most decades a log axis or the heatmap's colour scale spans, counted up from the smallest value shown. */
    static final double MAX_DECADES = 30;
    /** The most major ticks on a log axis; minor ticks only while a major tick is one decade. */
    static final int MAX_LOG_TICKS = 10;
    /** The most rows in the table of every cell; beyond, it shows the largest step count at evenly spaced rates. */
    static final int TABLE_ROWS = 1000;
    /** The most parameters the page shows as table columns or listed values; beyond, they are in the result files. */
    static final int PAGE_PARAMETERS = 4;
    /** The most verdicts listed; beyond, the first and the last halves, and how many bands lie between. */
    static final int VERDICTS = 50;
    /** The most points in one line of a chart (loss against rate, a loss curve, the data points); beyond, evenly spaced ones. */
    static final int LINE_POINTS = 1000;
    /** The most points drawn with a marker each: a longer line has none, and diverged rates are sampled down to this many. */
    static final int MARKED_POINTS = 100;
    /** The most step counts drawn against the learning rate; beyond, evenly spaced ones, the largest always among them. */
    static final int LOSS_PLOT_STEP_COUNTS = 8;
    /** The most learning rates (columns) in the heatmap; beyond, evenly spaced ones. */
    static final int HEATMAP_RATES = 100;
    /** The most step counts (rows) in the heatmap; beyond, evenly spaced ones. */
    static final int HEATMAP_STEP_COUNTS = 20;
    /**
     * Up to this many heatmap columns every rate is labelled and every cell lettered with its
     * regime; beyond, no letters, and labels on evenly spaced columns, half this many at most.
     */
    static final int HEATMAP_LABELLED_RATES = 60;

    private ReportLimits() {
    }
}
