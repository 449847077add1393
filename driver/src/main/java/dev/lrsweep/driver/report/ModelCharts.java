package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.ClassPoints;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.optimizer.Schedule;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts only some models have: accuracy (classifiers), sharpness (networks), decision boundaries. */
final class ModelCharts {
    /** How many rates the sharpness chart draws at most. */
    static final int SHARPNESS_RATES = 8;
    /** The decision boundaries are traced on a grid of this many cells a side. */
    private static final int BOUNDARY_GRID = 160;

    private ModelCharts() {
    }

    /** A classifier's accuracy after each step budget against the learning rate; null for other models. */
    static JFreeChart accuracyVersusRate(SweepRecord record) {
        if (!record.classifies()) {
            return null;
        }
        Map<Integer, List<CellResult>> bySteps = new TreeMap<>();
        for (CellResult row : record.rows()) {
            if (Double.isFinite(row.accuracy())) {
                bySteps.computeIfAbsent(row.steps(), s -> new ArrayList<>()).add(row);
            }
        }
        LogSpan rateSpan = LogSpan.of(record.rows().stream().mapToDouble(CellResult::learningRate));
        LogSpan rates = rateSpan.widened(ReportCharts.MARGIN * rateSpan.decades(),
                ReportCharts.MARGIN * rateSpan.decades());
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDrawSeriesLineAsPath(true);
        int[] shownSteps = Thinning.evenly(bySteps.size(), ReportLimits.LOSS_PLOT_STEP_COUNTS);
        List<Integer> stepCounts = new ArrayList<>(bySteps.keySet());
        for (int k : shownSteps) {
            List<CellResult> cells = bySteps.get(stepCounts.get(k));
            cells.sort(java.util.Comparator.comparingDouble(CellResult::learningRate));
            int[] shown = Thinning.evenly(cells.size(), ReportLimits.LINE_POINTS);
            XYSeries line = new XYSeries(stepCounts.get(k) + " steps");
            for (int index : shown) {
                line.add(rates.clamp(cells.get(index).learningRate()), cells.get(index).accuracy());
            }
            int i = series.getSeriesCount();
            renderer.setSeriesPaint(i, ReportCharts.STEP_COLOURS[i % ReportCharts.STEP_COLOURS.length]);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesShapesVisible(i, shown.length <= ReportLimits.MARKED_POINTS);
            series.addSeries(line);
        }
        NumberAxis accuracy = new NumberAxis("accuracy (share of rows classified as labelled)");
        accuracy.setRange(0, 1.02);
        XYPlot plot = new XYPlot(series, ReportCharts.small(rates.axis("learning rate")), accuracy, renderer);
        return ReportCharts.chart("Accuracy against learning rate", plot);
    }

    /** How many rates the accuracy-against-steps chart draws at most. */
    static final int ACCURACY_RATES = 8;

    /**
     * A classifier's accuracy at each step budget against the step, one line a rate (up to {@value #ACCURACY_RATES},
     * evenly through the grid), named with the rate's regime at the largest budget; null for other models and for
     * one step budget (the accuracy against the rate says it all).
     */
    static JFreeChart accuracyVersusSteps(SweepRecord record) {
        if (!record.classifies()) {
            return null;
        }
        Map<Double, List<CellResult>> byRate = new TreeMap<>();
        for (CellResult row : record.rows()) {
            byRate.computeIfAbsent(row.learningRate(), rate -> new ArrayList<>()).add(row);
        }
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        if (record.rows().stream().mapToInt(CellResult::steps).distinct().count() < 2) {
            return null;
        }
        List<Double> rates = new ArrayList<>(byRate.keySet());
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int k : Thinning.evenly(rates.size(), ACCURACY_RATES)) {
            List<CellResult> cells = byRate.get(rates.get(k));
            cells.sort(java.util.Comparator.comparingInt(CellResult::steps));
            Regime last = cells.get(cells.size() - 1).regime();
            XYSeries line = new XYSeries("lr " + SweepAnalysis.rate(rates.get(k)) + " (" + last.words() + ")", false,
                    true);
            for (CellResult cell : cells) {
                if (Double.isFinite(cell.accuracy()) && !cell.regime().lost()) {
                    line.add(cell.steps(), cell.accuracy());
                }
            }
            int at = series.getSeriesCount();
            series.addSeries(line);
            renderer.setSeriesPaint(at, ReportCharts.STEP_COLOURS[at % ReportCharts.STEP_COLOURS.length]);
            renderer.setSeriesShape(at, new Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesStroke(at, new BasicStroke(2f));
        }
        NumberAxis steps = new NumberAxis("step");
        steps.setRange(0, maxSteps * 1.02);
        NumberAxis accuracy = new NumberAxis("accuracy (share of rows classified as labelled)");
        accuracy.setRange(0, 1.02);
        return ReportCharts.chart("Accuracy against step, per learning rate",
                new XYPlot(series, steps, accuracy, renderer));
    }

    /**
     * A network's sharpness (λ_max of the Hessian) against the step for up to {@value #SHARPNESS_RATES}
     * rates, each beside its 2/lr line in the same colour: gradient descent drives the sharpness
     * towards 2/lr (the edge of stability); a rate whose line lies below the start overshoots at once.
     * The rates drawn are where that shows: the largest that did not diverge and the smallest two that
     * did. Null for models whose fits do not measure it.
     */
    static JFreeChart sharpnessVersusStep(SweepRecord record) {
        if (!record.measuresSharpness()) {
            return null;
        }
        List<LossCurve> curves = record.curves();
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        List<double[]> measured = new ArrayList<>();
        List<LossCurve> drawn = new ArrayList<>();
        for (LossCurve curve : nearTheEdge(record)) {
            List<double[]> points = new ArrayList<>();
            if (Double.isFinite(curve.sharpnessStart())) {
                points.add(new double[] {0, curve.sharpnessStart()});
            }
            for (CellResult row : record.rows()) {
                if (row.learningRate() == curve.learningRate() && Double.isFinite(row.sharpness())
                        && row.regime() != Regime.DIVERGED) {
                    points.add(new double[] {row.steps(), row.sharpness()});
                }
            }
            drawn.add(curve);
            measured.add(points.stream().flatMapToDouble(DoubleStream::of).toArray());
        }
        LogSpan values = LogSpan.of(DoubleStream.concat(measured.stream().flatMapToDouble(pairs -> {
            double[] ys = new double[pairs.length / 2];
            for (int i = 0; i < ys.length; i++) {
                ys[i] = pairs[2 * i + 1];
            }
            return DoubleStream.of(ys);
        }), drawn.stream().mapToDouble(curve -> 2 / curve.learningRate()))).widened(0.2, 0.2);
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        // one path a series, so that a dashed curve of many short segments stays dashed
        renderer.setDrawSeriesLineAsPath(true);
        Schedule schedule = record.series().get(0).series().schedule();
        List<XYTextAnnotation> marks = new ArrayList<>();
        for (int k = 0; k < drawn.size(); k++) {
            Color colour = ReportCharts.STEP_COLOURS[k % ReportCharts.STEP_COLOURS.length];
            String rate = SweepAnalysis.rate(drawn.get(k).learningRate());
            XYSeries line = new XYSeries("lr " + rate, false, true);
            double[] pairs = measured.get(k);
            for (int i = 0; i < pairs.length; i += 2) {
                line.add(pairs[i], values.clamp(pairs[i + 1]));
            }
            int at = series.getSeriesCount();
            series.addSeries(line);
            renderer.setSeriesPaint(at, colour);
            renderer.setSeriesShape(at, new Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesStroke(at, new BasicStroke(2f));
            XYSeries edge = new XYSeries("2/lr for lr " + rate, false, true);
            if (schedule == Schedule.CONSTANT || maxSteps > SCHEDULED_EDGE_STEPS) {
                double twoOverRate = values.clamp(2 / drawn.get(k).learningRate());
                edge.add(0, twoOverRate);
                edge.add(maxSteps, twoOverRate);
            } else {
                double[] passes = scheduledEdge(edge, schedule, drawn.get(k).learningRate(), maxSteps, pairs, values);
                if (passes != null) {
                    XYTextAnnotation mark = new XYTextAnnotation("▲ lr(t)·λ_max passes 2 at step " + (int) passes[0],
                            passes[0], passes[1]);
                    mark.setPaint(colour);
                    mark.setFont(ReportCharts.SMALL);
                    mark.setTextAnchor(TextAnchor.TOP_LEFT);
                    marks.add(mark);
                }
            }
            at = series.getSeriesCount();
            series.addSeries(edge);
            renderer.setSeriesPaint(at, colour);
            renderer.setSeriesShapesVisible(at, false);
            renderer.setSeriesVisibleInLegend(at, false);
            renderer.setSeriesStroke(at, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1,
                    new float[] {5, 4}, 0));
        }
        NumberAxis steps = new NumberAxis("step");
        steps.setRange(0, maxSteps * 1.02);
        XYPlot plot = new XYPlot(series, steps, ReportCharts.small(values.axis("sharpness λ_max (log scale)")),
                renderer);
        marks.forEach(plot::addAnnotation);
        JFreeChart chart = ReportCharts.chart(schedule == Schedule.CONSTANT
                ? "Sharpness against step, each rate beside its 2/lr (dashed)"
                : "Sharpness against step, each peak rate beside 2/lr(t) under " + schedule.label() + " (dashed)", plot);
        if (schedule.budgetRelative()) {
            TextTitle note = new TextTitle("2/lr(t) of the " + maxSteps + "-step run; each shorter step budget is a run "
                    + "of its own, its sharpness measured at its end");
            note.setFont(ReportCharts.SMALL);
            chart.addSubtitle(note);
        }
        return chart;
    }

    /** Beyond this many steps the chart draws 2/peak rate flat rather than the schedule's 2/lr(t). */
    static final int SCHEDULED_EDGE_STEPS = 10_000_000;

    /**
     * Adds 2/lr(t) of {@code peak} under {@code schedule} over a run of {@code maxSteps} steps to {@code edge}, at
     * about {@value #EDGE_POINTS} evenly spaced points and the steps on either side of every jump of 5% or more
     * (a step schedule's drops), and returns the first step where lr(t)·λ_max(t) reaches 2 with 2/lr(t) there (as
     * drawn), λ_max between two measurements ({@code measured}: step, sharpness pairs, ascending) interpolated
     * linearly and after the last one held; null where it never does.
     */
    private static double[] scheduledEdge(XYSeries edge, Schedule schedule, double peak, int maxSteps,
                                         double[] measured, LogSpan values) {
        Schedule.Rates rates = schedule.rates(peak, maxSteps);
        int every = Math.max(1, maxSteps / EDGE_POINTS);
        double[] passes = null;
        double previous = Double.NaN;
        int point = 0;
        for (int t = 0; t < maxSteps; t++) {
            double rate = rates.next();
            boolean jump = Math.abs(rate / previous - 1) >= 0.05;
            if (jump && t > 0) {
                edge.add(t - 1, values.clamp(2 / previous));
            }
            if (t % every == 0 || jump || t == maxSteps - 1) {
                edge.add(t, values.clamp(2 / rate));
            }
            previous = rate;
            while (point + 2 < measured.length && measured[point + 2] <= t) {
                point += 2;
            }
            if (passes == null && measured.length >= 2 && measured[point] <= t) {
                double sharpness = point + 2 < measured.length
                        ? measured[point + 1] + (measured[point + 3] - measured[point + 1]) * (t - measured[point])
                        / (measured[point + 2] - measured[point]) : measured[point + 1];
                passes = rate * sharpness >= 2 ? new double[] {t, values.clamp(2 / rate)} : null;
            }
        }
        return passes;
    }

    private static final int EDGE_POINTS = 400;

    /** The largest rates that did not diverge at the largest step count and the smallest two that did, ascending. */
    private static List<LossCurve> nearTheEdge(SweepRecord record) {
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        java.util.Set<Double> diverged = new java.util.HashSet<>();
        for (CellResult row : record.rows()) {
            if (row.steps() == maxSteps && (row.regime() == Regime.DIVERGED || row.regime() == Regime.FAILED)) {
                diverged.add(row.learningRate());
            }
        }
        List<LossCurve> stable = record.curves().stream().filter(c -> !diverged.contains(c.learningRate())).toList();
        List<LossCurve> unstable = record.curves().stream().filter(c -> diverged.contains(c.learningRate())).toList();
        int overshooting = Math.min(2, unstable.size());
        List<LossCurve> chosen = new ArrayList<>(stable.subList(Math.max(0,
                stable.size() - (SHARPNESS_RATES - overshooting)), stable.size()));
        chosen.addAll(unstable.subList(0, overshooting));
        return chosen;
    }

    /**
     * For two-feature classes: the points coloured by class and, for one cell of each regime that did
     * not diverge, the decision boundary (where the logit is 0), traced on a grid over the points.
     * Null for other data or models.
     */
    static JFreeChart decisionBoundaries(SweepRecord record) {
        ClassPoints points = record.classPoints();
        NetworkFunction function = NetworkFunction.of(record);
        if (points == null || function == null) {
            return null;
        }
        double[] x0 = points.x0();
        double[] x1 = points.x1();
        double xMin = DoubleStream.of(x0).min().orElse(-1);
        double xMax = DoubleStream.of(x0).max().orElse(1);
        double yMin = DoubleStream.of(x1).min().orElse(-1);
        double yMax = DoubleStream.of(x1).max().orElse(1);
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        Color[] classColours = {new Color(0xC8C8C8), new Color(0x6E6E6E)};
        java.awt.Shape[] classShapes = {new Ellipse2D.Double(-2, -2, 4, 4), new Rectangle2D.Double(-1.8, -1.8, 3.6, 3.6)};
        for (int label = 0; label <= 1; label++) {
            XYSeries cls = new XYSeries("class " + label, false, true);
            for (int i : Thinning.evenly(x0.length, ReportLimits.LINE_POINTS)) {
                if (points.labels()[i] == label) {
                    cls.add(x0[i], x1[i]);
                }
            }
            int at = series.getSeriesCount();
            series.addSeries(cls);
            renderer.setSeriesPaint(at, classColours[label]);
            renderer.setSeriesShape(at, classShapes[label]);
        }
        for (Map.Entry<Regime, CellResult> entry : ReportCharts.representatives(record).entrySet()) {
            if (entry.getKey() == Regime.DIVERGED) {
                continue;
            }
            CellResult cell = entry.getValue();
            XYSeries boundary = new XYSeries("lr " + SweepAnalysis.rate(cell.learningRate()) + ", " + cell.steps()
                    + " steps (" + entry.getKey().label() + ")", false, true);
            trace(boundary, function, cell.parametersInDataUnits(), xMin, xMax, yMin, yMax);
            int at = series.getSeriesCount();
            series.addSeries(boundary);
            renderer.setSeriesPaint(at, RegimeColours.of(entry.getKey()));
            renderer.setSeriesShape(at, new Ellipse2D.Double(-1.6, -1.6, 3.2, 3.2));
        }
        NumberAxis first = new NumberAxis(record.dataset().featureNames().get(0));
        first.setRange(xMin, xMax > xMin ? xMax : xMin + 1);
        NumberAxis second = new NumberAxis(record.dataset().featureNames().get(1));
        second.setRange(yMin, yMax > yMin ? yMax : yMin + 1);
        return ReportCharts.chart("The classes and the decision boundary in each regime",
                new XYPlot(series, first, second, renderer));
    }

    /** Marks the grid cells whose logit changes sign towards the next cell right or up. */
    private static void trace(XYSeries boundary, NetworkFunction function, double[] parameters, double xMin,
                              double xMax, double yMin, double yMax) {
        int n = BOUNDARY_GRID;
        boolean[][] positive = new boolean[n + 1][n + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                positive[i][j] = function.logit(parameters, xMin + (xMax - xMin) * i / n, yMin + (yMax - yMin) * j / n)
                        > 0;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i][j] != positive[i + 1][j] || positive[i][j] != positive[i][j + 1]) {
                    boundary.add(xMin + (xMax - xMin) * (i + 0.5) / n, yMin + (yMax - yMin) * (j + 0.5) / n);
                }
            }
        }
    }
}
