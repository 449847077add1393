package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The loss over learning rate × weight decay, a heatmap per step budget, for each series that differs only in its
 * weight decay (the same optimizer, schedule and batch size; the first seed); for AdamW, iso-lines of its
 * timescale τ = 1/(η·λ), the steps over which decoupled decay shrinks the weights by a factor e.
 */
final class DecayCharts {
    /** The most step budgets drawn, evenly spaced, the smallest and largest among them. */
    static final int BUDGETS = 3;

    private DecayCharts() {
    }

    /** A heatmap and what it shows. */
    record Heatmap(String name, String caption, JFreeChart chart) {
    }

    /** The heatmaps of the record: none where no series is swept over two weight decays or more. */
    static List<Heatmap> heatmaps(SweepRecord record) {
        Map<Series, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult row : record.rows()) {
            if (row.seed() == null || row.seed() == 0) {
                Series series = row.series();
                groups.computeIfAbsent(new Series(series.optimizer(), series.batchSize(), null, series.schedule(), 0),
                        key -> new ArrayList<>()).add(row);
            }
        }
        int[] steps = record.rows().stream().mapToInt(CellResult::steps).distinct().sorted().toArray();
        List<Heatmap> heatmaps = new ArrayList<>();
        groups.forEach((group, rows) -> {
            double[] decays = rows.stream().mapToDouble(CellResult::weightDecay).distinct().sorted().toArray();
            if (decays.length < 2) {
                return;
            }
            for (int index : Thinning.evenly(steps.length, BUDGETS)) {
                int budget = steps[index];
                String name = ReportWriter.slug(group) + ".steps-" + budget;
                heatmaps.add(new Heatmap(name, "The loss after " + budget + " steps over learning rate × weight "
                        + "decay, " + group.label() + (group.optimizer().kind() == Optimizer.Kind.ADAMW
                        ? "; the white lines are AdamW's timescale τ = 1/(lr·λ), the steps over which decay shrinks "
                        + "the weights by e: right of τ = " + budget + " the decay acts within the run" : "")
                        + ". Red cells diverged.",
                        chart(rows.stream().filter(row -> row.steps() == budget).toList(), decays, budget, group)));
            }
        });
        return heatmaps;
    }

    private static JFreeChart chart(List<CellResult> cells, double[] decays, int budget, Series group) {
        double[] rates = cells.stream().mapToDouble(CellResult::learningRate).distinct().sorted().toArray();
        double[][] xyz = new double[3][cells.size()];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cells.size(); k++) {
            CellResult cell = cells.get(k);
            xyz[0][k] = Arrays.binarySearch(rates, cell.learningRate());
            xyz[1][k] = Arrays.binarySearch(decays, cell.weightDecay());
            xyz[2][k] = cell.regime() == Regime.DIVERGED ? Double.POSITIVE_INFINITY
                    : cell.regime() == Regime.FAILED || !(cell.finalLoss() > 0) ? Double.NaN
                    : Math.log10(cell.finalLoss());
            if (Double.isFinite(xyz[2][k])) {
                low = Math.min(low, xyz[2][k]);
                high = Math.max(high, xyz[2][k]);
            }
        }
        low = Double.isFinite(low) ? low : 0;
        high = Double.isFinite(high) ? Math.min(high, low + ReportLimits.MAX_DECADES) : low + 1;
        for (int k = 0; k < cells.size(); k++) {
            if (Double.isFinite(xyz[2][k])) {
                xyz[2][k] = Math.min(xyz[2][k], high);
            }
        }
        ReportCharts.ExcessPaintScale scale = new ReportCharts.ExcessPaintScale(low, high);
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("loss", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        int labelEvery = Math.max(1, (rates.length + ReportLimits.HEATMAP_LABELLED_RATES / 2 - 1)
                / (ReportLimits.HEATMAP_LABELLED_RATES / 2));
        String[] rateLabels = new String[rates.length];
        for (int i = 0; i < rates.length; i++) {
            rateLabels[i] = i % labelEvery == 0 ? SweepAnalysis.rate(rates[i]) : "";
        }
        SymbolAxis rateAxis = new SymbolAxis("peak learning rate", rateLabels);
        rateAxis.setVerticalTickLabels(true);
        rateAxis.setTickLabelFont(ReportCharts.SMALL);
        rateAxis.setGridBandsVisible(false);
        SymbolAxis decayAxis = new SymbolAxis("weight decay λ",
                Arrays.stream(decays).mapToObj(Series::decay).toArray(String[]::new));
        decayAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, rateAxis, decayAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        if (group.optimizer().kind() == Optimizer.Kind.ADAMW) {
            for (double tau : new double[] {budget / 10.0, budget, budget * 10.0}) {
                timescale(plot, rates, decays, tau);
            }
        }
        JFreeChart chart = ReportCharts.chart("Loss after " + budget + " steps, " + group.label(), plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("log10(loss)");
        legendAxis.setTickLabelFont(ReportCharts.SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * The iso-line lr·λ = 1/τ through the rows of positive decay: at each, the column where the rate 1/(τ·λ) falls,
     * interpolated in log(rate) between the grid's rates; left out where it falls outside the grid.
     */
    private static void timescale(XYPlot plot, double[] rates, double[] decays, double tau) {
        List<double[]> points = new ArrayList<>();
        for (int row = 0; row < decays.length; row++) {
            if (decays[row] > 0) {
                double column = column(rates, 1 / (tau * decays[row]));
                if (!Double.isNaN(column)) {
                    points.add(new double[] {column, row});
                }
            }
        }
        BasicStroke stroke = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {5, 4},
                0);
        for (int i = 1; i < points.size(); i++) {
            plot.addAnnotation(new XYLineAnnotation(points.get(i - 1)[0], points.get(i - 1)[1], points.get(i)[0],
                    points.get(i)[1], stroke, Color.WHITE));
        }
        if (!points.isEmpty()) {
            // at the line's end on the smallest decay, the largest rate, where the line leaves the most room
            double[] first = points.get(0);
            XYTextAnnotation label = new XYTextAnnotation(" τ = " + SweepAnalysis.rate(tau) + " steps", first[0],
                    first[1]);
            label.setPaint(Color.WHITE);
            label.setFont(ReportCharts.SMALL);
            label.setTextAnchor(TextAnchor.TOP_LEFT);
            plot.addAnnotation(label);
        }
    }

    /** Where {@code rate} falls among the grid's rates (ascending) as a fractional column, in log(rate); NaN outside. */
    static double column(double[] rates, double rate) {
        if (rates.length < 2 || rate < rates[0] || rate > rates[rates.length - 1]) {
            return Double.NaN;
        }
        int above = 1;
        while (rates[above] < rate) {
            above++;
        }
        double t = Math.log(rate / rates[above - 1]) / Math.log(rates[above] / rates[above - 1]);
        return above - 1 + t;
    }
}
