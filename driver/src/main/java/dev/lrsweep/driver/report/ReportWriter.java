package dev.lrsweep.driver.report;

import dev.lrsweep.driver.output.AtomicFile;
import dev.lrsweep.driver.output.SweepRecord;
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
    /**
     * Every chart file a report can hold beside {@link #HTML}. Writing a report deletes those of
     * them it did not write this time (say, the fitted lines of an earlier one-feature sweep), and
     * no other file.
     */
    static final List<String> CHART_FILES = Stream.of(Plot.values()).map(Plot::file).toList();
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    /** The charts, in page order. */
    private enum Plot {
        LOSS_VS_RATE("loss-vs-rate", ReportCharts::lossVersusRate,
                "Loss after each step budget against the learning rate. Small rates undershoot (the loss stays "
                        + "high), rates below lr_critical reach the optimal loss, rates above it diverge (crosses at "
                        + "the top edge)."),
        EXCESS_HEATMAP("excess-heatmap", ReportCharts::excessHeatmap,
                "How far each cell is above the optimal loss, on a log colour scale; red cells diverged."),
        LOSS_CURVES("loss-curves", ReportCharts::lossCurves,
                "The loss at every step for one learning rate of each regime."),
        FITTED_LINES("fitted-lines", ReportCharts::fittedLines,
                "The data, the true line where known, and the line fitted by one cell of each regime."),
        ACCURACY_VS_RATE("accuracy-vs-rate", ModelCharts::accuracyVersusRate,
                "The share of rows each cell classifies as labelled, against the learning rate, per step budget."),
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

        String file() {
            return name + ".svg";
        }
    }

    private ReportWriter() {
    }

    /**
     * Draws every chart and the page in memory, then writes each file atomically (a record the
     * charts cannot be drawn from leaves the out dir as it was), then deletes the chart files of
     * {@link #CHART_FILES} it did not write.
     */
    public static void write(Path dir, SweepRecord record) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        List<HtmlReport.Figure> figures = new ArrayList<>();
        for (Plot plot : Plot.values()) {
            JFreeChart chart = plot.chart.apply(record);
            if (chart != null) {
                String svg = svg(plot.name, chart);
                files.put(plot.file(), svg);
                figures.add(new HtmlReport.Figure(svg, plot.caption));
            }
        }
        files.put(HTML, HtmlReport.render(record, figures));
        for (Map.Entry<String, String> file : files.entrySet()) {
            AtomicFile.write(dir.resolve(file.getKey()), writer -> writer.write(file.getValue()));
        }
        for (String chartFile : CHART_FILES) {
            if (!files.containsKey(chartFile)) {
                Files.deleteIfExists(dir.resolve(chartFile));
            }
        }
    }

    private static String svg(String name, JFreeChart chart) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        // a prefix per chart keeps the ids of clip paths and gradients unique when the SVGs share one page
        graphics.setDefsKeyPrefix(name + "-");
        chart.draw(graphics, new Rectangle(WIDTH, HEIGHT));
        return graphics.getSVGElement(name);
    }
}
