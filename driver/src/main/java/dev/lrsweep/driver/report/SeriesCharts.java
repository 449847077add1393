package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.SweepRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The chart that sets a sweep's series (optimizers, batch sizes) side by side, from {@code results.json} alone. */
final class SeriesCharts {

    private SeriesCharts() {
    }

    /**
     * The loss at the largest step count against the learning rate, log-log, one colour per optimizer and batch
     * size: the mean over seeds, shaded from the lowest to the highest seed; each optimizer's stability limit as a
     * dashed vertical line in its colour where theory gives one; diverged cells (any seed) as crosses at the top
     * edge. Null for a sweep of one series.
     */
    static JFreeChart sideBySide(SweepRecord record) {
        if (record.series().size() < 2) {
            return null;
        }
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        // by pooled series (seeds together), in grid order; by rate within each
        Map<Series, TreeMap<Double, List<CellResult>>> groups = new LinkedHashMap<>();
        for (CellResult row : record.rows()) {
            if (row.steps() == maxSteps) {
                groups.computeIfAbsent(row.series().pooled(), key -> new TreeMap<>())
                        .computeIfAbsent(row.learningRate(), rate -> new ArrayList<>()).add(row);
            }
        }
        LogSpan rateSpan = LogSpan.of(record.rows().stream().mapToDouble(CellResult::learningRate));
        LogSpan rates = rateSpan.widened(ReportCharts.MARGIN * rateSpan.decades(),
                ReportCharts.MARGIN * rateSpan.decades());
        LogSpan losses = LogSpan.of(DoubleStream.concat(DoubleStream.of(record.theory().floor()),
                        groups.values().stream().flatMap(byRate -> byRate.values().stream()).flatMap(List::stream)
                                .filter(row -> stable(row)).mapToDouble(CellResult::finalLoss)))
                .widened(Math.log10(3), 1 + Math.log10(3));
        YIntervalSeriesCollection lines = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        XYSeriesCollection crosses = new XYSeriesCollection();
        XYLineAndShapeRenderer crossRenderer = new XYLineAndShapeRenderer(false, true);
        int index = 0;
        for (Map.Entry<Series, TreeMap<Double, List<CellResult>>> group : groups.entrySet()) {
            Color colour = ReportCharts.STEP_COLOURS[index % ReportCharts.STEP_COLOURS.length];
            YIntervalSeries line = new YIntervalSeries(group.getKey().label() + (seeds(group.getValue()) > 1
                    ? " (mean and range of " + seeds(group.getValue()) + " seeds)" : ""));
            XYSeries diverged = new XYSeries(group.getKey().label() + ": diverged");
            // the crosses of each series at their own height under the top edge, so that none hides another
            double crossLevel = losses.upper() / Math.pow(1.6, index + 1);
            group.getValue().forEach((rate, cells) -> {
                double[] finite = cells.stream().filter(SeriesCharts::stable).mapToDouble(CellResult::finalLoss)
                        .toArray();
                if (finite.length == cells.size()) {
                    double mean = DoubleStream.of(finite).average().orElseThrow();
                    line.add(rates.clamp(rate), losses.clamp(mean), losses.clamp(DoubleStream.of(finite).min()
                            .orElseThrow()), losses.clamp(DoubleStream.of(finite).max().orElseThrow()));
                } else {
                    diverged.add(rates.clamp(rate), crossLevel);
                }
            });
            lines.addSeries(line);
            renderer.setSeriesPaint(index, colour);
            renderer.setSeriesFillPaint(index, colour);
            renderer.setSeriesShape(index, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            renderer.setSeriesShapesVisible(index, line.getItemCount() <= ReportLimits.MARKED_POINTS);
            renderer.setSeriesStroke(index, new BasicStroke(1.5f));
            crosses.addSeries(diverged);
            crossRenderer.setSeriesPaint(index, colour);
            crossRenderer.setSeriesShape(index, ShapeUtils.createDiagonalCross(4, 1f));
            crossRenderer.setSeriesVisibleInLegend(index, false);
            index++;
        }
        renderer.setAlpha(0.2f);
        XYPlot plot = new XYPlot(lines, ReportCharts.small(rates.axis("learning rate")),
                ReportCharts.small(losses.axis(ReportCharts.lossName(record.classifies()) + " after " + maxSteps + " steps")),
                renderer);
        plot.setDataset(1, crosses);
        plot.setRenderer(1, crossRenderer);
        List<Series> order = new ArrayList<>(groups.keySet());
        for (SeriesResult series : record.series()) {
            Double critical = series.lrCritical();
            Integer seed = series.series().seed();
            // one line per optimizer and batch size, not one per seed
            if (critical != null && rates.contains(critical) && (seed == null || seed == 0)) {
                Color colour = ReportCharts.STEP_COLOURS[order.indexOf(series.series().pooled())
                        % ReportCharts.STEP_COLOURS.length];
                plot.addDomainMarker(ReportCharts.marker(critical, SweepAnalysis.rate(critical), colour,
                        RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
            }
        }
        if (losses.contains(record.theory().floor())) {
            plot.addRangeMarker(ReportCharts.marker(record.theory().floor(), ReportCharts.floorName(record.theory()),
                    Color.BLACK, RectangleAnchor.BOTTOM_LEFT, TextAnchor.TOP_LEFT));
        }
        return ReportCharts.chart("Series side by side: loss after " + maxSteps + " steps; dashed lines: each "
                + "optimizer's stability limit; crosses: diverged", plot);
    }

    private static boolean stable(CellResult row) {
        return row.regime() != Regime.DIVERGED && row.regime() != Regime.FAILED && Double.isFinite(row.finalLoss());
    }

    private static int seeds(TreeMap<Double, List<CellResult>> byRate) {
        return byRate.firstEntry().getValue().size();
    }
}
