package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.QuadraticDescent;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.SweepRecord;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of what the loss does not show: how far the parameters are from the exact optimum, and the spectrum. */
final class OptimumCharts {

    private OptimumCharts() {
    }

    /**
     * The parameters' relative distance from the exact optimum, ‖θ − θ*‖/‖θ*‖, against the learning rate, log-log,
     * one line per step count (as the loss against rate draws them), with the 1% line and lr_critical; null where
     * the optimum is not known.
     */
    static JFreeChart distanceVersusRate(SweepRecord record) {
        if (!record.knowsOptimum()) {
            return null;
        }
        Map<Integer, List<CellResult>> drawnBySteps = ReportCharts.drawnBySteps(record, row ->
                row.regime() != Regime.DIVERGED && row.parameterDistance() > 0 && Double.isFinite(row.parameterDistance()));
        if (drawnBySteps.values().stream().allMatch(List::isEmpty)) {
            return null;
        }
        LogSpan rates = ReportCharts.rateSpan(record);
        // the 1% line is always in view: how far above it the cells still are is the point
        LogSpan distances = LogSpan.of(DoubleStream.concat(DoubleStream.of(QuadraticDescent.WITHIN),
                        drawnBySteps.values().stream().flatMap(List::stream).mapToDouble(CellResult::parameterDistance)))
                .widened(Math.log10(3), Math.log10(3));
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = ReportCharts.lineRenderer();
        drawnBySteps.forEach((steps, cells) -> {
            if (cells.isEmpty()) {
                return;
            }
            Color colour = ReportCharts.STEP_COLOURS[series.getSeriesCount() % ReportCharts.STEP_COLOURS.length];
            ReportCharts.addStepLine(series, renderer, steps + " steps", cells, rates, distances,
                    CellResult::parameterDistance, colour);
        });
        XYPlot plot = new XYPlot(series, ReportCharts.small(rates.axis("learning rate")),
                ReportCharts.small(distances.axis("‖θ − θ*‖ / ‖θ*‖")), renderer);
        plot.addRangeMarker(ReportCharts.marker(QuadraticDescent.WITHIN, "1% of ‖θ*‖", Color.BLACK,
                RectangleAnchor.BOTTOM_LEFT, TextAnchor.TOP_LEFT));
        Double critical = record.single().lrCritical();
        if (critical != null && rates.contains(critical)) {
            plot.addDomainMarker(ReportCharts.marker(critical, "lr_critical " + SweepAnalysis.rate(critical),
                    RegimeColours.of(Regime.DIVERGED), RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
        }
        return ReportCharts.chart("Distance of the parameters from the exact optimum against learning rate", plot);
    }

    /**
     * The Hessian's eigenvalues at the optimum, ascending, on a log axis (flat directions, eigenvalue 0, left
     * out and counted in the title); null where theory gives no spectrum.
     */
    static JFreeChart spectrum(Theory theory) {
        double[] eigenvalues = theory.eigenvalues();
        if (eigenvalues == null) {
            return null;
        }
        XYSeries points = new XYSeries("eigenvalue λ");
        for (int i = 0; i < eigenvalues.length; i++) {
            if (eigenvalues[i] > 0) {
                points.add(i + 1, eigenvalues[i]);
            }
        }
        int flat = eigenvalues.length - points.getItemCount();
        if (points.isEmpty()) {
            return null;
        }
        LogSpan values = LogSpan.of(Arrays.stream(eigenvalues)).widened(Math.log10(3), Math.log10(3));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, new Color(0x3B528B));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        NumberAxis index = new NumberAxis("eigenvalue number, ascending (of " + eigenvalues.length + ")");
        index.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        index.setRange(0.5, eigenvalues.length + 0.5);
        XYPlot plot = new XYPlot(new XYSeriesCollection(points), index, ReportCharts.small(values.axis("λ")), renderer);
        JFreeChart chart = ReportCharts.chart("Spectrum of the Hessian at the optimum" + (theory.conditionNumber() == null
                ? "" : ": condition number " + String.format(java.util.Locale.ROOT, "%.4g", theory.conditionNumber()))
                + (flat == 0 ? "" : ", " + flat + " flat direction" + (flat == 1 ? "" : "s") + " not drawn"), plot);
        chart.removeLegend();
        return chart;
    }
}
