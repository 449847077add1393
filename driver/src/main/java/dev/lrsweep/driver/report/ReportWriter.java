package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.output.AtomicFile;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.optimizer.Schedule;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes the report into a sweep's out dir: {@code report.html} and each chart beside it as an SVG
 * file. It needs nothing but the sweep's record, so a report can be rebuilt from {@code results.json}.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    /** The chart that sets the series side by side, in a report of several. */
    static final String SIDE_BY_SIDE = "series-side-by-side";
    /** The chart of the range test that laid the rates, in a report of {@code learning_rates: auto}. */
    static final String RANGE_TEST = "lr-range-test";
    /** The heatmaps of loss over learning rate × weight decay, one per series and step budget. */
    static final String DECAY_HEATMAP = "decay-heatmap";
    /** The chart of the Hessian's eigenvalues, where theory gives them. */
    static final String SPECTRUM = "hessian-spectrum";
    private static final int SPECTRUM_HEIGHT = 280;
    /** What {@code bin/sweep find} writes beside its {@code range-test.json}. */
    public static final String RANGE_TEST_HTML = "range-test.html";
    static final String RANGE_TEST_SVG = "range-test.svg";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    /** The charts, in page order. */
    private enum Plot {
        LOSS_VS_RATE("loss-vs-rate", ReportCharts::lossVersusRate,
                "Loss after each step budget against the learning rate. Small rates undershoot (the loss stays "
                        + "high), rates below lr_critical reach the optimal loss, rates above it diverge (crosses at "
                        + "the top edge)."),
        PARAMETER_DISTANCE("parameter-distance", OptimumCharts::distanceVersusRate,
                "How far each cell's parameters are from the exact optimum θ*, ‖θ − θ*‖/‖θ*‖, against the learning "
                        + "rate, per step budget. On ill-conditioned data the loss reaches its floor long before the "
                        + "parameters do: the slow direction shrinks by only (1 − lr·λ_min) a step."),
        EXCESS_HEATMAP("excess-heatmap", ReportCharts::excessHeatmap,
                "How far each cell is above the optimal loss, on a log colour scale; red cells diverged."),
        LOSS_CURVES("loss-curves", ReportCharts::lossCurves,
                "The loss at every step for one learning rate of each regime."),
        FITTED_LINES("fitted-lines", ReportCharts::fittedLines,
                "The data, the true line where known, and the line fitted by one cell of each regime."),
        ACCURACY_VS_RATE("accuracy-vs-rate", ModelCharts::accuracyVersusRate,
                "The share of rows each cell classifies as labelled, against the learning rate, per step budget."),
        ACCURACY_VS_STEPS("accuracy-vs-steps", ModelCharts::accuracyVersusSteps,
                "The share of rows classified as labelled at each step budget, for some of the rates: how fast each "
                        + "rate learns to classify, and where a large one stops learning (a diverged cell has none)."),
        SHARPNESS("sharpness", ModelCharts::sharpnessVersusStep,
                "The sharpness (largest eigenvalue of the loss's Hessian, measured by Lanczos on Hessian-vector "
                        + "products) at the start and at each step count, for some of the rates, each beside its 2/lr "
                        + "line. Gradient descent at rate lr cannot settle where the sharpness is above 2/lr: it "
                        + "overshoots until the sharpness falls to about 2/lr (the edge of stability, Cohen et al. "
                        + "2021), and a rate whose line lies below the start sharpness overshoots from its first steps."),
        DECISION_BOUNDARIES("decision-boundaries", ModelCharts::decisionBoundaries,
                "The two classes and where one cell of each regime that did not diverge puts the boundary between "
                        + "them (its logit is 0 there).");

        private final String name;
        /** The chart, or null where it does not apply to the record. */
        private final Function<SweepRecord, JFreeChart> chart;
        private final String caption;

        Plot(String name, Function<SweepRecord, JFreeChart> chart, String caption) {
            this.name = name;
            this.chart = chart;
            this.caption = caption;
        }

        /** The chart's file: {@code loss-vs-rate.svg}, or in a report of several series {@code loss-vs-rate.adam.svg}. */
        String file(String series) {
            return name + (series.isEmpty() ? "" : "." + series) + ".svg";
        }
    }

    private ReportWriter() {
    }

    /**
     * Draws every chart and the page in memory, then writes the files all or none (a record the
     * charts cannot be drawn from, or a file that cannot be written, leaves the out dir as it was), then deletes the chart files an
     * earlier report wrote and this one did not (say, the fitted lines of an earlier one-feature
     * sweep), and no other file.
     *
     * <p>A sweep of several series (optimizers, batch sizes, seeds) gets a chart and a table that set them
     * side by side, then a section of its own charts for each series (the first seed of a mini-batch one).
     */
    public static void write(Path dir, SweepRecord record) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        HtmlReport.Figure rangeTest = null;
        if (record.rangeTest() != null) {
            String svg = svg(RANGE_TEST, RangeTestCharts.chart(record.rangeTest(), ReportCharts.lossName(record.classifies())));
            files.put(RANGE_TEST + ".svg", svg);
            rangeTest = new HtmlReport.Figure(svg, "The range test of each optimizer and batch size: the loss as the "
                    + "rate grows exponentially at every step, smoothed, with its valley suggestion and, where "
                    + "theory gives one, the stability limit.");
        }
        HtmlReport.Figure spectrum = null;
        JFreeChart spectrumChart = OptimumCharts.spectrum(record.theory());
        if (spectrumChart != null) {
            String svg = svg(SPECTRUM, spectrumChart, SPECTRUM_HEIGHT);
            files.put(SPECTRUM + ".svg", svg);
            spectrum = new HtmlReport.Figure(svg, "Every eigenvalue of the loss's Hessian at the optimum. Gradient "
                    + "descent moves along each eigenvector by a factor (1 − lr·λ) a step: λ_max sets the stability "
                    + "limit 2/λ_max, λ_min how slowly the last direction settles.");
        }
        if (record.series().size() == 1) {
            files.put(HTML, HtmlReport.render(record, charts(record, "", files), rangeTest, spectrum));
        } else {
            JFreeChart chart = SeriesCharts.sideBySide(record);
            String svg = svg(SIDE_BY_SIDE, chart);
            files.put(SIDE_BY_SIDE + ".svg", svg);
            HtmlReport.Figure sideBySide = new HtmlReport.Figure(svg, "The loss after the largest step budget against "
                    + "the learning rate for every optimizer and batch size: where each settles, and where each "
                    + "explodes beside its stability limit (dashed, where theory gives one). Mini-batch series "
                    + "show the mean over seeds and, shaded, the range from the lowest to the highest.");
            List<HtmlReport.Figure> overview = new ArrayList<>(List.of(sideBySide));
            for (DecayCharts.Heatmap heatmap : DecayCharts.heatmaps(record)) {
                String name = DECAY_HEATMAP + "." + heatmap.name();
                String decaySvg = svg(name, heatmap.chart());
                files.put(name + ".svg", decaySvg);
                overview.add(new HtmlReport.Figure(decaySvg, heatmap.caption()));
            }
            Map<SeriesResult, List<HtmlReport.Figure>> sections = new LinkedHashMap<>();
            for (SeriesResult series : record.series()) {
                if (series.series().seed() == null || series.series().seed() == 0) {
                    sections.put(series, charts(record.only(series), slug(series.series()), files));
                }
            }
            files.put(HTML, HtmlReport.render(record, overview, sections, rangeTest, spectrum));
        }
        Map<Path, AtomicFile.Content> written = new LinkedHashMap<>();
        files.forEach((name, text) -> written.put(dir.resolve(name), AtomicFile.text(writer -> writer.write(text))));
        AtomicFile.writeAll(written);
        try (Stream<Path> present = Files.list(dir)) {
            for (Path stale : present.filter(path -> isChartFile(path.getFileName().toString())
                    && !files.containsKey(path.getFileName().toString())).toList()) {
                Files.delete(stale);
            }
        }
    }

    /** Draws a one-series record's charts, each into {@code files} under its name for {@code series}. */
    private static List<HtmlReport.Figure> charts(SweepRecord record, String series, Map<String, String> files) {
        List<HtmlReport.Figure> figures = new ArrayList<>();
        for (Plot plot : Plot.values()) {
            JFreeChart chart = plot.chart.apply(record);
            if (chart != null) {
                String file = plot.file(series);
                String svg = svg(file.substring(0, file.length() - ".svg".length()), chart);
                files.put(file, svg);
                figures.add(new HtmlReport.Figure(svg, plot.caption));
            }
        }
        return figures;
    }

    /**
     * A series in a file name: {@code gd}, {@code momentum-0.9}, {@code adam.batch-64},
     * {@code adamw.one-cycle.wd-0.01.batch-64}.
     */
    static String slug(Series series) {
        return (series.optimizer().label()
                + (series.schedule() == Schedule.CONSTANT ? "" : "." + series.schedule().label())
                + (series.weightDecay() == 0 ? "" : ".wd-" + Series.decay(series.weightDecay()))
                + (series.batchSize() == null ? "" : ".batch-" + series.batchSize()))
                .replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("-(?=\\.|$)", "");
    }

    /** Whether a file is one a report writes: one of its charts, for one series or for all. */
    static boolean isChartFile(String name) {
        return name.equals(SIDE_BY_SIDE + ".svg") || name.equals(RANGE_TEST + ".svg") || name.equals(SPECTRUM + ".svg")
                || name.startsWith(DECAY_HEATMAP + ".") && name.endsWith(".svg")
                || Stream.of(Plot.values()).anyMatch(plot ->
                name.equals(plot.name + ".svg") || name.startsWith(plot.name + ".") && name.endsWith(".svg"));
    }

    /** Writes {@code bin/sweep find}'s page and chart, both or neither. */
    public static void writeRangeTest(Path dir, RangeTestRecord record) throws IOException {
        String svg = svg("range-test", RangeTestCharts.chart(record.rangeTest(), ReportCharts.lossName(record.classifies())));
        String page = HtmlReport.renderRangeTest(record, new HtmlReport.Figure(svg, "The loss at each step as the rate "
                + "grows exponentially, faint, and smoothed, bold; each run's valley suggestion dashed and, where "
                + "theory gives one, its optimizer's stability limit dotted."));
        Map<Path, AtomicFile.Content> written = new LinkedHashMap<>();
        written.put(dir.resolve(RANGE_TEST_SVG), AtomicFile.text(writer -> writer.write(svg)));
        written.put(dir.resolve(RANGE_TEST_HTML), AtomicFile.text(writer -> writer.write(page)));
        AtomicFile.writeAll(written);
    }

    private static String svg(String name, JFreeChart chart) {
        return svg(name, chart, HEIGHT);
    }

    private static String svg(String name, JFreeChart chart, int height) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, height);
        // a prefix per chart keeps the ids of clip paths and gradients unique when the SVGs share one page
        graphics.setDefsKeyPrefix(name + "-");
        chart.draw(graphics, new Rectangle(WIDTH, height));
        return graphics.getSVGElement(name);
    }
}
