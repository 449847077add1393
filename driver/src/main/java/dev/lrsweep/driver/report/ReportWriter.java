package dev.lrsweep.driver.report;

import dev.lrsweep.driver.output.AtomicFile;
import dev.lrsweep.driver.output.SweepRecord;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes the report into a sweep's out dir: {@code report.html} and each chart beside it as an SVG
 * file. It needs nothing but the sweep's record, so a report can be rebuilt from {@code results.json}.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private ReportWriter() {
    }

    /** Writes the charts and the page, each atomically. */
    public static void write(Path dir, SweepRecord record) throws IOException {
        List<HtmlReport.Figure> figures = new ArrayList<>();
        chart(dir, figures, "loss-vs-rate", ReportCharts.lossVersusRate(record),
                "Loss after each step budget against the learning rate. Small rates undershoot (the loss stays "
                        + "high), rates below lr_critical reach the optimal loss, rates above it diverge (crosses at "
                        + "the top edge).");
        chart(dir, figures, "excess-heatmap", ReportCharts.excessHeatmap(record),
                "How far each cell is above the optimal loss, on a log colour scale; red cells diverged.");
        chart(dir, figures, "loss-curves", ReportCharts.lossCurves(record),
                "The loss at every step for one learning rate of each regime.");
        JFreeChart fit = ReportCharts.fittedLines(record);
        if (fit != null) {
            chart(dir, figures, "fitted-lines", fit,
                    "The data, the true line where known, and the line fitted by one cell of each regime.");
        }
        String html = HtmlReport.render(record, figures);
        AtomicFile.write(dir.resolve(HTML), writer -> writer.write(html));
    }

    private static void chart(Path dir, List<HtmlReport.Figure> figures, String name, JFreeChart chart, String caption)
            throws IOException {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        // a prefix per chart keeps the ids of clip paths and gradients unique when the SVGs share one page
        graphics.setDefsKeyPrefix(name + "-");
        chart.draw(graphics, new Rectangle(WIDTH, HEIGHT));
        String svg = graphics.getSVGElement(name);
        AtomicFile.write(dir.resolve(name + ".svg"), writer -> writer.write(svg));
        figures.add(new HtmlReport.Figure(svg, caption));
    }
}
