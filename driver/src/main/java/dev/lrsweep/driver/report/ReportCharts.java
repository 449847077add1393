package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.SweepRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
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
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** The room left between the data and the edge of a loss axis, in decades: a factor of 3. */
    private static final double LOSS_PAD_DECADES = Math.log10(3);
    /** The room left on either side of the data on an axis that is not of losses, as a share of their span. */
    static final double MARGIN = 0.05;
    /** The largest magnitude drawn on a linear axis; beyond it values are drawn at this edge. */
    private static final double LINEAR_LIMIT = 1e300;
    static final Color[] STEP_COLOURS = {
        new Color(0x1B9E77), new Color(0xD95F02), new Color(0x7570B3), new Color(0xE7298A),
        new Color(0x66A61E), new Color(0xE6AB02), new Color(0xA6761D), new Color(0x666666)};

    private ReportCharts() {
    }

    /**
     * Loss against learning rate, log-log, one series per step count (at most
     * {@link ReportLimits#LOSS_PLOT_STEP_COUNTS} of them); the optimal loss as a horizontal line;
     * lr_critical and lr_optimal as vertical lines; diverged cells as crosses at the top edge; chaotic cells
     * (whose digits are rounding's) as hollow rings over their points. With
     * held-out rows, each step count's validation loss too, dashed in its colour.
     */
    static JFreeChart lossVersusRate(SweepRecord record) {
        Theory theory = record.theory();
        int stepCounts = (int) record.rows().stream().mapToInt(CellResult::steps).distinct().count();
        Map<Integer, List<CellResult>> drawnBySteps = drawnBySteps(record, row -> row.regime() != Regime.DIVERGED
                && row.regime() != Regime.FAILED && !Double.isNaN(row.finalLoss()));
        double[] divergedRates = record.rows().stream().filter(row -> row.regime() == Regime.DIVERGED)
                .mapToDouble(CellResult::learningRate).distinct().sorted().toArray();
        LogSpan rates = rateSpan(record);
        // the bottom follows the lowest loss; the top leaves a decade above the highest for the diverged cells
        LogSpan losses = LogSpan.of(DoubleStream.concat(DoubleStream.of(theory.floor()),
                drawnBySteps.values().stream().flatMap(List::stream)
                        .flatMapToDouble(row -> DoubleStream.of(row.finalLoss(), row.validationLoss()))
                        .filter(Double::isFinite)))
                .widened(LOSS_PAD_DECADES, 1 + LOSS_PAD_DECADES);
        double divergedLevel = losses.upper() / 3;
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = lineRenderer();
        drawnBySteps.forEach((steps, cells) -> {
            if (cells.isEmpty()) {
                return;
            }
            int i = series.getSeriesCount();
            // with validation lines, every other series is a step count's
            Color colour = STEP_COLOURS[(record.validation() != null ? i / 2 : i) % STEP_COLOURS.length];
            int[] shown = addStepLine(series, renderer, steps + " steps", cells, rates, losses, CellResult::finalLoss,
                    colour);
            if (record.validation() != null) {
                XYSeries held = new XYSeries(steps + " steps, validation");
                for (int index : shown) {
                    if (Double.isFinite(cells.get(index).validationLoss())) {
                        held.add(rates.clamp(cells.get(index).learningRate()),
                                losses.clamp(cells.get(index).validationLoss()));
                    }
                }
                int h = series.getSeriesCount();
                series.addSeries(held);
                renderer.setSeriesPaint(h, colour);
                renderer.setSeriesShape(h, new java.awt.geom.Rectangle2D.Double(-3, -3, 6, 6));
                renderer.setSeriesShapesVisible(h, shown.length <= ReportLimits.MARKED_POINTS);
                renderer.setSeriesStroke(h, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {6, 4}, 0));
            }
        });
        addChaoticRings(series, renderer, drawnBySteps, rates, losses);
        XYSeries divergedSeries = new XYSeries("diverged (any step count), drawn at the top edge");
        for (int index : Thinning.evenly(divergedRates.length, ReportLimits.MARKED_POINTS)) {
            divergedSeries.add(rates.clamp(divergedRates[index]), divergedLevel);
        }
        int divergedIndex = series.getSeriesCount();
        series.addSeries(divergedSeries);
        renderer.setSeriesLinesVisible(divergedIndex, false);
        renderer.setSeriesShape(divergedIndex, ShapeUtils.createDiagonalCross(5, 1.2f));
        renderer.setSeriesPaint(divergedIndex, RegimeColours.of(Regime.DIVERGED));

        XYPlot plot = new XYPlot(series, small(rates.axis("learning rate")),
                small(losses.axis(lossName(record.classifies()))), renderer);
        if (losses.contains(theory.floor())) {
            plot.addRangeMarker(marker(theory.floor(), floorName(theory) + " " + number(theory.floor()),
                    Color.BLACK, RectangleAnchor.BOTTOM_LEFT, TextAnchor.TOP_LEFT));
        }
        Double critical = record.single().lrCritical();
        if (critical != null && rates.contains(critical)) {
            plot.addDomainMarker(marker(critical, "lr_critical " + SweepAnalysis.rate(critical),
                    RegimeColours.of(Regime.DIVERGED), RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
        }
        // 2/(λ_min + λ_max) is the fastest fixed rate of plain gradient descent, not of the other optimizers
        if (theory.lrOptimal() != null && rates.contains(theory.lrOptimal()) && isGd(record)) {
            plot.addDomainMarker(marker(theory.lrOptimal(), "lr_optimal " + SweepAnalysis.rate(theory.lrOptimal()),
                    RegimeColours.of(Regime.CONVERGED), RectangleAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_RIGHT));
        }
        return chart("Loss against learning rate" + (record.validation() != null
                ? ": training (solid) and validation (dashed)" : "") + (drawnBySteps.size() < stepCounts
                ? " (" + drawnBySteps.size() + " of " + stepCounts + " step counts)" : ""), plot);
    }

    /**
     * Excess loss over (learning rate × steps) on a log colour scale, each cell lettered with its
     * regime; a large grid is drawn at evenly spaced rates and step counts, and without letters.
     */
    static JFreeChart excessHeatmap(SweepRecord record) {
        double[] rates = record.curves().stream().mapToDouble(LossCurve::learningRate).toArray();
        int[] steps = record.rows().stream().mapToInt(CellResult::steps).distinct().sorted().toArray();
        int[] rateColumns = Thinning.evenly(rates.length, ReportLimits.HEATMAP_RATES);
        int[] stepRows = Thinning.evenly(steps.length, ReportLimits.HEATMAP_STEP_COUNTS);
        int[] columnOfRate = positions(rateColumns, rates.length);
        int[] rowOfSteps = positions(stepRows, steps.length);
        List<CellResult> shown = new ArrayList<>();
        List<int[]> places = new ArrayList<>();
        for (CellResult row : record.rows()) {
            int column = columnOfRate[Arrays.binarySearch(rates, row.learningRate())];
            int place = rowOfSteps[Arrays.binarySearch(steps, row.steps())];
            if (column >= 0 && place >= 0) {
                shown.add(row);
                places.add(new int[] {column, place});
            }
        }
        boolean lettered = rateColumns.length <= ReportLimits.HEATMAP_LABELLED_RATES;
        int cells = shown.size();
        double optimal = record.theory().floor();
        // a cell at or below the optimum is drawn at the floor: far below the optimal loss, or, where
        // that is no positive number, at the smallest excess in the sweep
        double floor = optimal > 0 && optimal < Double.POSITIVE_INFINITY ? Math.max(optimal * 1e-12, Double.MIN_NORMAL)
                : record.rows().stream().mapToDouble(CellResult::excessLoss)
                        .filter(excess -> excess > 0 && excess < Double.POSITIVE_INFINITY).min().orElse(1);
        double[][] xyz = new double[3][cells];
        Regime[] regimes = new Regime[cells];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cells; k++) {
            CellResult row = shown.get(k);
            regimes[k] = row.regime();
            xyz[0][k] = places.get(k)[0];
            xyz[1][k] = places.get(k)[1];
            xyz[2][k] = switch (regimes[k]) {
                case DIVERGED -> Double.POSITIVE_INFINITY;
                case FAILED -> Double.NaN;
                default -> Math.log10(Math.max(row.excessLoss(), floor));
            };
            if (Double.isFinite(xyz[2][k])) {
                low = Math.min(low, xyz[2][k]);
                high = Math.max(high, xyz[2][k]);
            }
        }
        low = Double.isFinite(low) ? low : 0;
        high = Double.isFinite(high) ? Math.min(high, low + ReportLimits.MAX_DECADES) : low + 1;
        ExcessPaintScale scale = new ExcessPaintScale(low, high);
        List<XYTextAnnotation> letters = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            if (regimes[k] != Regime.DIVERGED && !Double.isNaN(xyz[2][k])) {
                // beyond the scale, e.g. an infinite excess that did not count as diverged: its end colour
                xyz[2][k] = Math.min(Math.max(xyz[2][k], low), high);
            }
            if (lettered) {
                XYTextAnnotation letter = new XYTextAnnotation(regimes[k].label().substring(0, 1).toUpperCase(),
                        xyz[0][k], xyz[1][k]);
                letter.setFont(SMALL);
                letter.setPaint(scale.textOn(xyz[2][k]));
                letters.add(letter);
            }
        }
        // beyond the labelled limit, a label on every n-th column (half the limit at most) keeps them apart
        int labels = lettered ? rateColumns.length : ReportLimits.HEATMAP_LABELLED_RATES / 2;
        int labelEvery = (rateColumns.length + labels - 1) / labels;
        String[] rateLabels = new String[rateColumns.length];
        for (int column = 0; column < rateColumns.length; column++) {
            rateLabels[column] = column % labelEvery == 0 ? SweepAnalysis.rate(rates[rateColumns[column]]) : "";
        }
        String[] stepLabels = Arrays.stream(stepRows).mapToObj(index -> Integer.toString(steps[index]))
                .toArray(String[]::new);
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("excess loss", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis rateAxis = new SymbolAxis(sampled("learning rate", rateColumns.length, rates.length), rateLabels);
        rateAxis.setVerticalTickLabels(true);
        rateAxis.setTickLabelFont(SMALL);
        rateAxis.setGridBandsVisible(false);
        SymbolAxis stepAxis = new SymbolAxis(sampled("steps", stepRows.length, steps.length), stepLabels);
        stepAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, rateAxis, stepAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        letters.forEach(plot::addAnnotation);
        JFreeChart chart = chart(lettered ? "Excess loss over the grid (U undershoot, C converged, O oscillating, "
                + "D diverged, F failed)" : "Excess loss over the grid (red: diverged, grey: failed)", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("log10(loss − optimal loss)");
        legendAxis.setTickLabelFont(SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * The cells drawn against the learning rate, by step count: at most {@link ReportLimits#LOSS_PLOT_STEP_COUNTS}
     * evenly spaced step counts (the smallest and the largest among them), each with its cells that {@code drawn}
     * accepts (possibly none).
     */
    static Map<Integer, List<CellResult>> drawnBySteps(SweepRecord record, Predicate<CellResult> drawn) {
        int[] stepCounts = record.rows().stream().mapToInt(CellResult::steps).distinct().sorted().toArray();
        Map<Integer, List<CellResult>> bySteps = new TreeMap<>();
        for (int index : Thinning.evenly(stepCounts.length, ReportLimits.LOSS_PLOT_STEP_COUNTS)) {
            bySteps.put(stepCounts[index], new ArrayList<>());
        }
        for (CellResult row : record.rows()) {
            List<CellResult> cells = bySteps.get(row.steps());
            if (cells != null && drawn.test(row)) {
                cells.add(row);
            }
        }
        return bySteps;
    }

    /** A renderer of lines with dots, each line drawn as one path rather than one element per segment: small SVGs. */
    /**
     * Hollow rings over the drawn chaotic cells: a white disc (out of the legend) under a black ring, so that the
     * step count's filled marker below shows through as hollow.
     */
    private static void addChaoticRings(XYSeriesCollection series, XYLineAndShapeRenderer renderer,
                                        Map<Integer, List<CellResult>> drawnBySteps, LogSpan rates, LogSpan losses) {
        List<CellResult> chaotic = drawnBySteps.values().stream().flatMap(List::stream).filter(CellResult::chaotic)
                .toList();
        if (chaotic.isEmpty()) {
            return;
        }
        XYSeries discs = new XYSeries("chaotic cells, under their rings");
        XYSeries rings = new XYSeries("chaotic (hollow: the digits past the first are rounding's)");
        for (int index : Thinning.evenly(chaotic.size(), ReportLimits.MARKED_POINTS)) {
            CellResult cell = chaotic.get(index);
            discs.add(rates.clamp(cell.learningRate()), losses.clamp(cell.finalLoss()));
            rings.add(rates.clamp(cell.learningRate()), losses.clamp(cell.finalLoss()));
        }
        int disc = series.getSeriesCount();
        series.addSeries(discs);
        renderer.setSeriesLinesVisible(disc, false);
        renderer.setSeriesShape(disc, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setSeriesPaint(disc, Color.WHITE);
        renderer.setSeriesVisibleInLegend(disc, false);
        int ring = series.getSeriesCount();
        series.addSeries(rings);
        renderer.setSeriesLinesVisible(ring, false);
        renderer.setSeriesShape(ring, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setSeriesShapesFilled(ring, false);
        renderer.setSeriesPaint(ring, Color.BLACK);
    }

    static XYLineAndShapeRenderer lineRenderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDrawSeriesLineAsPath(true);
        return renderer;
    }

    /** The learning-rate axis's span: the grid's rates with a margin on either side. */
    static LogSpan rateSpan(SweepRecord record) {
        LogSpan span = LogSpan.of(record.rows().stream().mapToDouble(CellResult::learningRate));
        return span.widened(MARGIN * span.decades(), MARGIN * span.decades());
    }

    /**
     * Adds one step count's line of {@code value} against the learning rate, in {@code colour}: the cells sorted
     * by rate (in place) and thinned to {@link ReportLimits#LINE_POINTS}, each dotted where there are few enough.
     *
     * @return the indices of the cells drawn
     */
    static int[] addStepLine(XYSeriesCollection series, XYLineAndShapeRenderer renderer, String name,
                             List<CellResult> cells, LogSpan rates, LogSpan values, ToDoubleFunction<CellResult> value,
                             Color colour) {
        cells.sort(Comparator.comparingDouble(CellResult::learningRate));
        int[] shown = Thinning.evenly(cells.size(), ReportLimits.LINE_POINTS);
        XYSeries line = new XYSeries(name);
        for (int index : shown) {
            line.add(rates.clamp(cells.get(index).learningRate()), values.clamp(value.applyAsDouble(cells.get(index))));
        }
        int i = series.getSeriesCount();
        renderer.setSeriesPaint(i, colour);
        renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesShapesVisible(i, shown.length <= ReportLimits.MARKED_POINTS);
        series.addSeries(line);
        return shown;
    }

    /** For each of {@code count} items, its place among the {@code chosen} ones (indices, ascending), or -1. */
    private static int[] positions(int[] chosen, int count) {
        int[] position = new int[count];
        Arrays.fill(position, -1);
        for (int i = 0; i < chosen.length; i++) {
            position[chosen[i]] = i;
        }
        return position;
    }

    /** An axis label that says when the axis shows only some of the values. */
    private static String sampled(String label, int shown, int all) {
        return shown < all ? label + " (" + shown + " of " + all + ", evenly spaced)" : label;
    }

    /**
     * Loss over steps for one representative rate of each regime seen in the sweep, each curve at
     * most {@link ReportLimits#LINE_POINTS} of its recorded steps, evenly spaced among them.
     */
    static JFreeChart lossCurves(SweepRecord record) {
        Map<Regime, CellResult> representatives = representatives(record);
        Map<Regime, LossCurve> curves = new LinkedHashMap<>();
        representatives.forEach((regime, cell) -> curves.put(regime, record.curves().stream()
                .filter(c -> c.learningRate() == cell.learningRate()).findFirst().orElseThrow()));
        int longest = curves.values().stream().mapToInt(curve -> curve.steps().length == 0 ? 1
                : curve.steps()[curve.steps().length - 1]).max().orElse(1);
        LogSpan stepSpan = LogSpan.of(DoubleStream.of(1, Math.max(longest, 2)));
        LogSpan steps = stepSpan.widened(MARGIN * stepSpan.decades(), MARGIN * stepSpan.decades());
        LogSpan shown = LogSpan.of(DoubleStream.concat(DoubleStream.of(record.theory().floor()),
                curves.values().stream().flatMapToDouble(curve -> Arrays.stream(curve.loss()).skip(1))));
        // a diverging curve leaves through the top instead of squeezing the others into the bottom
        double[] first = record.curves().get(0).loss();
        double start = first.length > 0 ? first[0] : Double.NaN;
        LogSpan losses = new LogSpan(shown.low() - LOSS_PAD_DECADES,
                start > 0 && start < Double.POSITIVE_INFINITY ? Math.log10(start) + 2 : shown.high() + LOSS_PAD_DECADES);

        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        representatives.forEach((regime, cell) -> {
            XYSeries line = new XYSeries("lr " + SweepAnalysis.rate(cell.learningRate()) + ": " + regime.label()
                    + " at " + cell.steps() + " steps");
            double[] loss = curves.get(regime).loss();
            int[] at = curves.get(regime).steps();
            for (int t : Thinning.evenly(loss.length, ReportLimits.LINE_POINTS)) {
                if (at[t] == 0) {
                    continue;
                }
                if (!Double.isNaN(loss[t])) {
                    line.add(at[t], losses.clamp(loss[t]));
                }
                // a curve that leaves through the top is drawn up to the edge and no further
                if (loss[t] > losses.upper()) {
                    break;
                }
            }
            renderer.setSeriesPaint(series.getSeriesCount(), RegimeColours.of(regime));
            renderer.setSeriesStroke(series.getSeriesCount(), new BasicStroke(2f));
            series.addSeries(line);
        });
        XYPlot plot = new XYPlot(series, small(steps.axis("step (log scale)")),
                small(losses.axis(lossName(record.classifies()))), renderer);
        if (losses.contains(record.theory().floor())) {
            plot.addRangeMarker(marker(record.theory().floor(), floorName(record.theory()), Color.BLACK,
                    RectangleAnchor.BOTTOM_RIGHT, TextAnchor.TOP_RIGHT));
        }
        return chart("Loss curves: one rate of each regime", plot);
    }

    /**
     * For one-feature data: the points, the true line where known, and the line fitted by one cell
     * of each regime that did not diverge. The plot shows the points' range; a line is drawn where
     * it crosses that range, and a line with a non-finite weight or bias is not drawn.
     *
     * @return the chart, or null if the data has more than one feature
     */
    static JFreeChart fittedLines(SweepRecord record) {
        Points points = record.points();
        if (points == null) {
            return null;
        }
        XYSeries scatter = new XYSeries("data", false, true);
        for (int i : Thinning.evenly(points.x().length, ReportLimits.LINE_POINTS)) {
            if (Double.isFinite(points.x()[i]) && Double.isFinite(points.y()[i])) {
                scatter.add(linear(points.x()[i]), linear(points.y()[i]));
            }
        }
        double xMin = scatter.isEmpty() ? -1 : scatter.getMinX();
        double xMax = scatter.isEmpty() ? 1 : scatter.getMaxX();
        double yMin = scatter.isEmpty() ? -1 : scatter.getMinY();
        double yMax = scatter.isEmpty() ? 1 : scatter.getMaxY();
        double yPad = yMax > yMin ? (yMax - yMin) * MARGIN : Math.max(Math.abs(yMax) * 0.1, 1);
        Box box = new Box(xMin, xMax, yMin - yPad, yMax + yPad);
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        series.addSeries(scatter);
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(0, new Color(0x999999));
        if (record.dataset().trueWeights() != null) {
            addLine(series, renderer, "true line", record.dataset().trueWeights()[0], record.dataset().trueBias(),
                    box, Color.BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1,
                            new float[] {6, 4}, 0));
        }
        for (Map.Entry<Regime, CellResult> entry : representatives(record).entrySet()) {
            if (entry.getKey() == Regime.DIVERGED) {
                continue;
            }
            CellResult cell = entry.getValue();
            addLine(series, renderer, "lr " + SweepAnalysis.rate(cell.learningRate()) + ", " + cell.steps() + " steps ("
                    + entry.getKey().label() + ")", cell.parametersInDataUnits()[0], cell.parametersInDataUnits()[1], box,
                    RegimeColours.of(entry.getKey()), new BasicStroke(2f));
        }
        String feature = record.dataset().featureNames().get(0);
        NumberAxis labelAxis = new NumberAxis(record.dataset().labelName());
        labelAxis.setRange(box.yMin(), box.yMax());
        XYPlot plot = new XYPlot(series, new NumberAxis(feature), labelAxis, renderer);
        return chart("The data and lines fitted in each regime", plot);
    }

    /** The loss's name on an axis. */
    /** Whether the record's one series runs plain gradient descent, for which lr_optimal is the fastest rate. */
    private static boolean isGd(SweepRecord record) {
        return record.single().series().optimizer().kind() == dev.lrsweep.worker.optimizer.Optimizer.Kind.GD;
    }

    static String lossName(boolean classifies) {
        return classifies ? "loss (cross-entropy)" : "loss (mean squared error)";
    }

    /** What the floor line is: the optimal loss, or the best loss the grid reached. */
    static String floorName(Theory theory) {
        return theory.floorFromGrid() ? "best loss in the grid" : "optimal loss";
    }

    /** A value moved within ±{@link #LINEAR_LIMIT}, so that spans of such values stay finite. */
    private static double linear(double value) {
        return Math.min(Math.max(value, -LINEAR_LIMIT), LINEAR_LIMIT);
    }

    /**
     * The region a line chart shows.
     *
     * @param xMin the left edge
     * @param xMax the right edge
     * @param yMin the bottom edge
     * @param yMax the top edge
     */
    private record Box(double xMin, double xMax, double yMin, double yMax) {
        /** The ends of the part of y = w·x + b inside the box, {x0, y0, x1, y1}, or null if none or not finite. */
        double[] clip(double w, double b) {
            if (!Double.isFinite(w) || !Double.isFinite(b)) {
                return null;
            }
            double from = xMin;
            double to = xMax;
            if (w != 0) {
                double atBottom = (yMin - b) / w;
                double atTop = (yMax - b) / w;
                from = Math.max(from, Math.min(atBottom, atTop));
                to = Math.min(to, Math.max(atBottom, atTop));
            } else if (b < yMin || b > yMax) {
                return null;
            }
            if (from > to) {
                return null;
            }
            return new double[] {from, y(w * from + b), to, y(w * to + b)};
        }

        private double y(double value) {
            return Math.min(Math.max(value, yMin), yMax);
        }
    }

    private static void addLine(XYSeriesCollection series, XYLineAndShapeRenderer renderer, String name, double w,
                                double b, Box box, Color colour, BasicStroke stroke) {
        double[] ends = box.clip(w, b);
        String note = !Double.isFinite(w) || !Double.isFinite(b) ? ": not finite" : ends == null ? ": outside the plot" : "";
        XYSeries line = new XYSeries(name + note);
        if (ends != null) {
            line.add(ends[0], ends[1]);
            line.add(ends[2], ends[3]);
        }
        int index = series.getSeriesCount();
        series.addSeries(line);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
    }

    /**
     * For each regime in the sweep, one cell: at the middle rate among the cells of that regime at
     * the largest step count or, for a regime seen only at smaller step counts, among all its cells.
     */
    static Map<Regime, CellResult> representatives(SweepRecord record) {
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        Map<Regime, List<CellResult>> byRegime = new TreeMap<>();
        for (CellResult row : record.rows()) {
            Regime regime = row.regime();
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

    static LogAxis small(LogAxis axis) {
        axis.setTickLabelFont(SMALL);
        return axis;
    }

    static ValueMarker marker(double value, String label, Color colour, RectangleAnchor anchor,
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

    static JFreeChart chart(String title, XYPlot plot) {
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
    static final class ExcessPaintScale implements PaintScale {
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
