package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.CellResult;
import dev.lrsweep.driver.output.LossCurve;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.SweepRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, each built from {@code results.json} alone. */
final class ReportCharts {
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color[] STEP_COLOURS = {
        new Color(0x1B9E77), new Color(0xD95F02), new Color(0x7570B3), new Color(0xE7298A),
        new Color(0x66A61E), new Color(0xE6AB02), new Color(0xA6761D), new Color(0x666666)};

    private ReportCharts() {
    }

    /**
     * Loss against learning rate, log-log, one series per step count; the optimal loss as a
     * horizontal line; lr_critical and lr_optimal as vertical lines; diverged cells as crosses at
     * the top edge.
     */
    static JFreeChart lossVersusRate(SweepRecord record) {
        Theory theory = record.theory();
        double lowest = Double.POSITIVE_INFINITY;
        double highest = theory.optimalLoss();
        Map<Integer, XYSeries> bySteps = new TreeMap<>();
        List<double[]> diverged = new ArrayList<>();
        for (CellResult row : record.rows()) {
            Regime regime = Regime.ofLabel(row.regime());
            if (regime == Regime.DIVERGED) {
                diverged.add(new double[] {row.learningRate()});
            } else if (regime != Regime.FAILED && row.finalLoss() > 0) {
                bySteps.computeIfAbsent(row.steps(), s -> new XYSeries(s + " steps")).add(row.learningRate(), row.finalLoss());
                lowest = Math.min(lowest, row.finalLoss());
                highest = Math.max(highest, row.finalLoss());
            }
        }
        lowest = Math.min(lowest, theory.optimalLoss());
        double topEdge = highest * 10;
        XYSeriesCollection series = new XYSeriesCollection();
        bySteps.values().forEach(series::addSeries);
        XYSeries divergedSeries = new XYSeries("diverged (any step count), drawn at the top edge");
        diverged.forEach(rate -> divergedSeries.add(rate[0], topEdge));
        series.addSeries(divergedSeries);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < bySteps.size(); i++) {
            renderer.setSeriesPaint(i, STEP_COLOURS[i % STEP_COLOURS.length]);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        int divergedIndex = bySteps.size();
        renderer.setSeriesLinesVisible(divergedIndex, false);
        renderer.setSeriesShape(divergedIndex, ShapeUtils.createDiagonalCross(5, 1.2f));
        renderer.setSeriesPaint(divergedIndex, RegimeColours.of(Regime.DIVERGED));

        LogAxis rateAxis = logAxis("learning rate");
        LogAxis lossAxis = logAxis("loss (mean squared error)");
        lossAxis.setRange(lowest / 3, topEdge * 3);
        XYPlot plot = new XYPlot(series, rateAxis, lossAxis, renderer);
        plot.addRangeMarker(marker(theory.optimalLoss(), "optimal loss " + number(theory.optimalLoss()), Color.BLACK,
                RectangleAnchor.BOTTOM_LEFT, TextAnchor.TOP_LEFT));
        plot.addDomainMarker(marker(theory.lrCritical(), "lr_critical " + SweepAnalysis.rate(theory.lrCritical()),
                RegimeColours.of(Regime.DIVERGED), RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
        plot.addDomainMarker(marker(theory.lrOptimal(), "lr_optimal " + SweepAnalysis.rate(theory.lrOptimal()),
                RegimeColours.of(Regime.CONVERGED), RectangleAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_RIGHT));
        return chart("Loss against learning rate", plot);
    }

    /** Excess loss over (learning rate × steps) on a log colour scale, each cell lettered with its regime. */
    static JFreeChart excessHeatmap(SweepRecord record) {
        double[] rates = record.curves().stream().mapToDouble(LossCurve::learningRate).toArray();
        int[] steps = record.rows().stream().mapToInt(CellResult::steps).distinct().sorted().toArray();
        int cells = record.rows().size();
        double[][] xyz = new double[3][cells];
        List<XYTextAnnotation> letters = new ArrayList<>();
        double floor = Math.max(record.theory().optimalLoss() * 1e-12, Double.MIN_NORMAL);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cells; k++) {
            CellResult row = record.rows().get(k);
            Regime regime = Regime.ofLabel(row.regime());
            xyz[0][k] = Arrays.binarySearch(rates, row.learningRate());
            xyz[1][k] = Arrays.binarySearch(steps, row.steps());
            xyz[2][k] = switch (regime) {
                case DIVERGED -> Double.POSITIVE_INFINITY;
                case FAILED -> Double.NaN;
                default -> Math.log10(Math.max(row.excessLoss(), floor));
            };
            if (Double.isFinite(xyz[2][k])) {
                low = Math.min(low, xyz[2][k]);
                high = Math.max(high, xyz[2][k]);
            }
            XYTextAnnotation letter = new XYTextAnnotation(regime.label().substring(0, 1).toUpperCase(),
                    xyz[0][k], xyz[1][k]);
            letter.setFont(SMALL);
            letters.add(letter);
        }
        ExcessPaintScale scale = new ExcessPaintScale(Double.isFinite(low) ? low : 0, Double.isFinite(high) ? high : 1);
        for (int k = 0; k < cells; k++) {
            letters.get(k).setPaint(scale.textOn(xyz[2][k]));
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("excess loss", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis rateAxis = new SymbolAxis("learning rate",
                Arrays.stream(rates).mapToObj(SweepAnalysis::rate).toArray(String[]::new));
        rateAxis.setVerticalTickLabels(true);
        rateAxis.setTickLabelFont(SMALL);
        rateAxis.setGridBandsVisible(false);
        SymbolAxis stepAxis = new SymbolAxis("steps",
                Arrays.stream(steps).mapToObj(Integer::toString).toArray(String[]::new));
        stepAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, rateAxis, stepAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        letters.forEach(plot::addAnnotation);
        JFreeChart chart = chart("Excess loss over the grid (U undershoot, C converged, O oscillating, "
                + "D diverged, F failed)", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("log10(loss − optimal loss)");
        legendAxis.setTickLabelFont(SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Loss over steps for one representative rate of each regime seen in the sweep. */
    static JFreeChart lossCurves(SweepRecord record) {
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        double floor = Double.POSITIVE_INFINITY;
        for (LossCurve curve : record.curves()) {
            for (double loss : curve.loss()) {
                if (loss > 0) {
                    floor = Math.min(floor, loss);
                }
            }
        }
        for (Map.Entry<Regime, CellResult> entry : representatives(record).entrySet()) {
            CellResult cell = entry.getValue();
            LossCurve curve = record.curves().stream().filter(c -> c.learningRate() == cell.learningRate())
                    .findFirst().orElseThrow();
            XYSeries line = new XYSeries("lr " + SweepAnalysis.rate(cell.learningRate()) + ": "
                    + entry.getKey().label() + " at " + cell.steps() + " steps");
            double[] loss = curve.loss();
            int[] steps = curve.steps();
            for (int t = 1; t < loss.length; t++) {
                if (Double.isFinite(loss[t])) {
                    line.add(steps[t], Math.max(loss[t], floor));
                }
            }
            renderer.setSeriesPaint(series.getSeriesCount(), RegimeColours.of(entry.getKey()));
            renderer.setSeriesStroke(series.getSeriesCount(), new BasicStroke(2f));
            series.addSeries(line);
        }
        LogAxis stepAxis = logAxis("step (log scale)");
        LogAxis lossAxis = logAxis("loss (mean squared error)");
        // a diverging curve leaves through the top instead of squeezing the others into the bottom
        double start = record.curves().get(0).loss().length > 0 ? record.curves().get(0).loss()[0] : 1;
        lossAxis.setRange(Math.min(floor, record.theory().optimalLoss()) / 3, start * 100);
        XYPlot plot = new XYPlot(series, stepAxis, lossAxis, renderer);
        plot.addRangeMarker(marker(record.theory().optimalLoss(), "optimal loss", Color.BLACK,
                RectangleAnchor.BOTTOM_RIGHT, TextAnchor.TOP_RIGHT));
        return chart("Loss curves: one rate of each regime", plot);
    }

    /**
     * For one-feature data: the points, the true line where known, and the line fitted by one cell
     * of each regime that did not diverge.
     *
     * @return the chart, or null if the data has more than one feature
     */
    static JFreeChart fittedLines(SweepRecord record) {
        Points points = record.points();
        if (points == null) {
            return null;
        }
        double xMin = Arrays.stream(points.x()).min().orElse(-1);
        double xMax = Arrays.stream(points.x()).max().orElse(1);
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYSeries scatter = new XYSeries("data", false, true);
        for (int i = 0; i < points.x().length; i++) {
            scatter.add(points.x()[i], points.y()[i]);
        }
        series.addSeries(scatter);
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(0, new Color(0x999999));
        if (record.dataset().trueWeights() != null) {
            addLine(series, renderer, "true line", record.dataset().trueWeights()[0], record.dataset().trueBias(),
                    xMin, xMax, Color.BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1,
                            new float[] {6, 4}, 0));
        }
        for (Map.Entry<Regime, CellResult> entry : representatives(record).entrySet()) {
            if (entry.getKey() == Regime.DIVERGED) {
                continue;
            }
            CellResult cell = entry.getValue();
            addLine(series, renderer, "lr " + SweepAnalysis.rate(cell.learningRate()) + ", " + cell.steps() + " steps ("
                    + entry.getKey().label() + ")", cell.weights()[0], cell.bias(), xMin, xMax,
                    RegimeColours.of(entry.getKey()), new BasicStroke(2f));
        }
        String feature = record.dataset().featureNames().get(0);
        XYPlot plot = new XYPlot(series, new NumberAxis(feature), new NumberAxis(record.dataset().labelName()), renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart("The data and lines fitted in each regime", plot);
    }

    private static void addLine(XYSeriesCollection series, XYLineAndShapeRenderer renderer, String name, double w,
                                double b, double xMin, double xMax, Color colour, BasicStroke stroke) {
        XYSeries line = new XYSeries(name);
        line.add(xMin, w * xMin + b);
        line.add(xMax, w * xMax + b);
        int index = series.getSeriesCount();
        series.addSeries(line);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
    }

    /**
     * For each regime in the sweep, one cell: at the middle rate among the cells of that regime at
     * the largest step count or, for a regime seen only at smaller step counts, among all its cells.
     */
    private static Map<Regime, CellResult> representatives(SweepRecord record) {
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        Map<Regime, List<CellResult>> byRegime = new TreeMap<>();
        for (CellResult row : record.rows()) {
            Regime regime = Regime.ofLabel(row.regime());
            if (regime != Regime.FAILED) {
                byRegime.computeIfAbsent(regime, r -> new ArrayList<>()).add(row);
            }
        }
        byRegime.replaceAll((regime, cells) -> cells.stream().anyMatch(c -> c.steps() == maxSteps)
                ? cells.stream().filter(c -> c.steps() == maxSteps).toList() : cells);
        Map<Regime, CellResult> chosen = new LinkedHashMap<>();
        byRegime.forEach((regime, cells) -> {
            double[] rates = cells.stream().mapToDouble(CellResult::learningRate).distinct().sorted().toArray();
            double middle = rates[rates.length / 2];
            chosen.put(regime, cells.stream().filter(c -> c.learningRate() == middle)
                    .reduce((first, second) -> second).orElseThrow());
        });
        return chosen;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(1e-300);
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        axis.setMinorTickMarksVisible(true);
        axis.setTickLabelFont(SMALL);
        return axis;
    }

    private static ValueMarker marker(double value, String label, Color colour, RectangleAnchor anchor,
                                      TextAnchor textAnchor) {
        ValueMarker marker = new ValueMarker(value, colour, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1, new float[] {4, 3}, 0));
        marker.setLabel(label);
        marker.setLabelFont(SMALL);
        marker.setLabelPaint(colour);
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        return marker;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String number(double value) {
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }

    /** Log10 excess loss through a viridis-like ramp; diverged cells (+∞) red, failed cells (NaN) grey. */
    private static final class ExcessPaintScale implements PaintScale {
        private static final Color[] RAMP = {
            new Color(0x440154), new Color(0x3B528B), new Color(0x21918C), new Color(0x5EC962), new Color(0xFDE725)};
        private final double low;
        private final double high;

        ExcessPaintScale(double low, double high) {
            this.low = low;
            this.high = high > low ? high : low + 1;
        }

        @Override
        public double getLowerBound() {
            return low;
        }

        @Override
        public double getUpperBound() {
            return high;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return RegimeColours.of(Regime.FAILED);
            }
            if (value == Double.POSITIVE_INFINITY) {
                return RegimeColours.of(Regime.DIVERGED);
            }
            double t = Math.min(1, Math.max(0, (value - low) / (high - low))) * (RAMP.length - 1);
            int i = Math.min((int) t, RAMP.length - 2);
            double f = t - i;
            Color a = RAMP[i];
            Color b = RAMP[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }

        /** Black on the light end of the ramp, white elsewhere. */
        Color textOn(double value) {
            Color background = (Color) getPaint(value);
            double luminance = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
            return luminance > 140 ? Color.BLACK : Color.WHITE;
        }
    }
}
