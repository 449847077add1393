package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The range test's chart, from its record alone. */
final class RangeTestCharts {

    private RangeTestCharts() {
    }

    /**
     * The loss against the growing rate, log-log, one colour per run: the smoothed loss bold, the loss of each
     * step faint; each run's valley suggestion as a dashed vertical line and its stability limit, where theory
     * gives one, as a dotted one, in its colour.
     */
    static JFreeChart chart(RangeTestRun run, String lossName) {
        LogSpan rateSpan = LogSpan.of(run.runs().stream().flatMapToDouble(one -> Arrays.stream(one.rates())));
        LogSpan rates = rateSpan.widened(ReportCharts.MARGIN * rateSpan.decades(),
                ReportCharts.MARGIN * rateSpan.decades());
        LogSpan losses = LogSpan.of(run.runs().stream().flatMapToDouble(one -> Arrays.stream(one.smoothed())))
                .widened(Math.log10(3), Math.log10(3));
        XYSeriesCollection lines = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(lines, ReportCharts.small(rates.axis("learning rate (growing every step)")),
                ReportCharts.small(losses.axis(lossName)), renderer);
        for (int i = 0; i < run.runs().size(); i++) {
            RangeTestResult one = run.runs().get(i);
            Color colour = ReportCharts.STEP_COLOURS[i % ReportCharts.STEP_COLOURS.length];
            String label = one.series().label();
            int smoothed = lines.getSeriesCount();
            lines.addSeries(line(label + ", smoothed", one.rates(), one.smoothed(), rates, losses));
            renderer.setSeriesPaint(smoothed, colour);
            renderer.setSeriesStroke(smoothed, new BasicStroke(2f));
            int raw = lines.getSeriesCount();
            lines.addSeries(line(label + ", each step", one.rates(), one.losses(), rates, losses));
            renderer.setSeriesPaint(raw, new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 90));
            renderer.setSeriesStroke(raw, new BasicStroke(0.8f));
            renderer.setSeriesVisibleInLegend(raw, false);
            if (one.valley() != null && rates.contains(one.valley())) {
                plot.addDomainMarker(ReportCharts.marker(one.valley(), "valley " + SweepAnalysis.rate(one.valley()),
                        colour, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT));
            }
            if (one.lrCritical() != null && rates.contains(one.lrCritical())) {
                org.jfree.chart.plot.ValueMarker limit = ReportCharts.marker(one.lrCritical(), "lr_critical "
                        + SweepAnalysis.rate(one.lrCritical()), colour, RectangleAnchor.BOTTOM_RIGHT,
                        TextAnchor.BOTTOM_LEFT);
                limit.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1,
                        new float[] {1, 3}, 0));
                plot.addDomainMarker(limit);
            }
        }
        return ReportCharts.chart("Range test: the loss as the rate grows each step (dashed: valley suggestion; "
                + "dotted: stability limit)", plot);
    }

    private static XYSeries line(String name, double[] rates, double[] losses, LogSpan rateSpan, LogSpan lossSpan) {
        XYSeries line = new XYSeries(name, false);
        int[] shown = Thinning.evenly(rates.length, ReportLimits.LINE_POINTS);
        for (int index : shown) {
            if (Double.isFinite(losses[index])) {
                line.add(rateSpan.clamp(rates[index]), lossSpan.clamp(losses[index]));
            }
        }
        return line;
    }
}
