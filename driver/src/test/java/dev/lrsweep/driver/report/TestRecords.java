package dev.lrsweep.driver.report;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.driver.analysis.CellRegime;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.RegimeRules;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.output.Provenance;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.output.Timings;
import dev.lrsweep.worker.descent.TrialStatus;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Sweep records built in memory, without Spark, for the report's tests. */
public final class TestRecords {
    /** λ_max of the model problem: lr_critical = 2/λ_max = 1. */
    private static final double LAMBDA_MAX = 2;
    private static final double OPTIMAL_LOSS = 0.0025;
    private static final double START_LOSS = 1.3;
    private static final double DIVERGENCE_FACTOR = 1e6;
    private static final double TRUE_WEIGHT = 0.1;
    private static final double TRUE_BIAS = 0.5;
    private static final RegimeRules RULES = new RegimeRules(0.01, 10, 0.5, true);

    private TestRecords() {
    }

    /**
     * A sweep of a model problem in which a step at rate r multiplies the error by (1 − 2r): rates
     * below 1 undershoot or converge (and oscillate above 0.5), rates above 1 diverge.
     *
     * @param features how many features the data has; one-feature data carries its points
     */
    public static SweepRecord modelSweep(double[] rates, int[] steps, int features) {
        Theory theory = new Theory(LinearStart.tree(filled(features, TRUE_WEIGHT), TRUE_BIAS), OPTIMAL_LOSS,
                OPTIMAL_LOSS, Theory.OPTIMAL_LOSS, new double[] {0.5, 2}, 0, 2 / LAMBDA_MAX, 2 / LAMBDA_MAX,
                LAMBDA_MAX, 0.8, 4.0, null);
        int maxSteps = Arrays.stream(steps).max().orElseThrow();
        List<CellResult> rows = new ArrayList<>();
        List<LossCurve> curves = new ArrayList<>();
        for (double rate : rates) {
            double factor = 1 - rate * LAMBDA_MAX;
            List<Double> loss = new ArrayList<>(List.of(START_LOSS));
            Integer divergedAt = null;
            for (int t = 1; t <= maxSteps && divergedAt == null; t++) {
                loss.add(OPTIMAL_LOSS + (START_LOSS - OPTIMAL_LOSS) * Math.pow(factor, 2 * t));
                if (!(loss.get(t) <= DIVERGENCE_FACTOR * START_LOSS)) {
                    divergedAt = t;
                }
            }
            double[] lossCurve = loss.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] reversals = new boolean[lossCurve.length];
            for (int t = 1; t < reversals.length; t++) {
                reversals[t] = factor < 0;
            }
            Integer rose = null;
            for (int t = 1; t < lossCurve.length && rose == null; t++) {
                rose = lossCurve[t] > lossCurve[0] ? t : null;
            }
            LossCurve curve = new LossCurve("gd", null, null, "constant", 0, rate, divergedAt == null ? TrialStatus.OK : TrialStatus.DIVERGED, divergedAt, rose, Double.NaN, IntStream.range(0, lossCurve.length).toArray(), lossCurve, reversals);
            curves.add(curve);
            for (int cellSteps : steps) {
                int at = Math.min(cellSteps, lossCurve.length - 1);
                CellRegime regime = RULES.classify(false, cellSteps, lossCurve[at], curve, OPTIMAL_LOSS);
                double shrink = Math.pow(factor, at);
                rows.add(new CellResult("gd", null, null, "constant", 0, rate, cellSteps,
                        divergedAt != null && divergedAt <= cellSteps ? TrialStatus.DIVERGED : TrialStatus.OK,
                        regime.regime(), lossCurve[at], regime.excessLoss(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, LinearStart.values(filled(features, TRUE_WEIGHT - TRUE_WEIGHT * shrink),
                        TRUE_BIAS - 1.5 * shrink), null, regime.leftAtStep(), regime.divergedBecause(), null, null, Double.NaN, false, null));
            }
        }
        List<String> names = IntStream.range(0, features).mapToObj(j -> "x" + j).toList();
        List<DatasetSummary.ColumnSummary> columns = new ArrayList<>();
        names.forEach(name -> columns.add(new DatasetSummary.ColumnSummary(name, 0, 0.58, -1, 1)));
        columns.add(new DatasetSummary.ColumnSummary("y", TRUE_BIAS, 0.07, 0.35, 0.65));
        DatasetSummary dataset = new DatasetSummary("synthetic", null, 100, names, "y", columns,
                filled(features, TRUE_WEIGHT), TRUE_BIAS, null);
        Points points = features == 1 ? points() : null;
        return with(new SweepRecord("model", Map.of(), dataset, LinearStart.model(), LinearStart.layout(features),
                points, null, null, null, new Conditioning(1, 1), null, Map.of(), new Provenance.Seeds(42L, null, null),
                new Provenance.Versions("test", null, null, null, null), null, null, new Timings(0.1, 0.2, 0.3, 0.4, 0.6), theory, List.of(), List.of(), null, rows, curves),
                theory, rows, curves, dataset, points);
    }

    /**
     * The record with another theory, rows, curves, dataset and points, and the boundary and
     * suggestions drawn afresh from them.
     */
    public static SweepRecord with(SweepRecord record, Theory theory, List<CellResult> rows, List<LossCurve> curves,
                                   DatasetSummary dataset, Points points) {
        double[] rates = curves.stream().mapToDouble(LossCurve::learningRate).toArray();
        return new SweepRecord(record.name(), record.config(), dataset, record.model(), record.layout(), points,
                record.classPoints(), record.images(), record.standardization(), record.conditioning(), record.validation(), record.start(), record.seeds(),
                record.versions(), record.machine(), record.execution(), record.timings(), theory,
                SweepAnalysis.series(rows, rates, List.of(new Series(Optimizer.gd(), null, null)),
                        series -> theory.lrCritical(), null, null),
                List.of(), record.rangeTest(), rows, curves);
    }

    /** {@code count} learning rates log-spaced from {@code from} to {@code to}, both included. */
    public static double[] logSpaced(double from, double to, int count) {
        return IntStream.range(0, count).mapToDouble(i -> count == 1 ? from
                : Math.pow(10, Math.log10(from) + i * (Math.log10(to) - Math.log10(from)) / (count - 1))).toArray();
    }

    private static Points points() {
        double[] x = IntStream.range(0, 50).mapToDouble(i -> -1 + 2 * i / 49.0).toArray();
        double[] y = Arrays.stream(x).map(v -> TRUE_WEIGHT * v + TRUE_BIAS + 0.05 * Math.sin(40 * v)).toArray();
        return new Points(x, y);
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }
}
