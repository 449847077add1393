package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.optimizer.Optimizer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Draws the measured boundary and the suggestions from rows that already carry their regimes. */
public final class SweepAnalysis {
    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);

    private SweepAnalysis() {
    }

    /**
     * Each series' analysis, in grid order.
     *
     * @param rows          every cell
     * @param learningRates the grid's rates, ascending
     * @param series        the series, in grid order
     * @param gdCriticalOf  each series' gd limit 2/λ_max on this data (under its weight decay, of H + λ), or null
     *                      where theory has none
     * @param descent       for linear least squares, how plain gradient descent approaches the optimum; else null
     * @param start         the start point's values
     */
    public static List<SeriesResult> series(List<CellResult> rows, double[] learningRates,
                                            List<Series> series, Function<Series, Double> gdCriticalOf,
                                            QuadraticDescent descent, double[] start) {
        Map<Series, List<CellResult>> bySeries = new LinkedHashMap<>();
        series.forEach(one -> bySeries.put(one, new ArrayList<>()));
        rows.forEach(row -> bySeries.get(row.series()).add(row));
        List<SeriesResult> results = new ArrayList<>();
        bySeries.forEach((one, cells) -> {
            Optimizer optimizer = one.optimizer();
            Double critical = OptimizerTheory.lrCritical(optimizer, gdCriticalOf.apply(one));
            Suggestions suggestions = suggestions(cells, critical);
            Boundary boundary = boundary(cells, learningRates, critical);
            Suggestions.BestRate best = suggestions.bestAt(boundary.steps());
            String formula = OptimizerTheory.formula(optimizer);
            if (one.weightDecay() > 0 && critical != null) {
                formula = formula.replace("λ_max", "λ_max(H+λ)");
            } else if (one.weightDecay() > 0 && !formula.startsWith("no closed")) {
                formula = "not known under weight decay for this model: measured only";
            }
            results.add(new SeriesResult(one, critical, formula, boundary, suggestions,
                    descent == null || best == null || !one.fallsAtEveryStableStep() ? null
                            : descent.predict(best.learningRate(), start)));
        });
        return results;
    }

    /**
     * Each cell of every mini-batch series summarised over its seeds, in grid order; empty where no series
     * repeats with more than one seed.
     */
    public static List<SeedSummary> overSeeds(List<CellResult> rows) {
        Map<List<Object>, List<CellResult>> byCell = new LinkedHashMap<>();
        for (CellResult row : rows) {
            if (row.seed() != null) {
                byCell.computeIfAbsent(List.of(row.series().pooled(), row.learningRate(), row.steps()),
                        key -> new ArrayList<>()).add(row);
            }
        }
        if (byCell.values().stream().allMatch(cells -> cells.size() < 2)) {
            return List.of();
        }
        List<SeedSummary> summaries = new ArrayList<>();
        byCell.forEach((key, cells) -> {
            SummaryStatistics losses =
                    new SummaryStatistics();
            SummaryStatistics held =
                    new SummaryStatistics();
            int diverged = 0;
            for (CellResult cell : cells) {
                if (cell.regime().lost() || !Double.isFinite(cell.finalLoss())) {
                    diverged++;
                } else {
                    losses.addValue(cell.finalLoss());
                    if (Double.isFinite(cell.validationLoss())) {
                        held.addValue(cell.validationLoss());
                    }
                }
            }
            boolean any = losses.getN() > 0;
            CellResult first = cells.get(0);
            summaries.add(new SeedSummary(first.optimizer(), first.schedule(), first.weightDecay(), first.batchSize(),
                    first.learningRate(), first.steps(),
                    cells.size(), diverged, any ? losses.getMean() : Double.NaN,
                    any ? (losses.getN() == 1 ? 0 : losses.getStandardDeviation()) : Double.NaN,
                    any ? losses.getMin() : Double.NaN, any ? losses.getMax() : Double.NaN,
                    held.getN() > 0 ? held.getMean() : Double.NaN));
        });
        return summaries;
    }

    /**
     * The measured edge of stability at the largest step count of {@code rows} (one series' cells), beside the
     * series' limit {@code critical} (null where it has none).
     */
    public static Boundary boundary(List<CellResult> rows, double[] learningRates, Double critical) {
        int maxSteps = maxSteps(rows);
        Double largestStable = null;
        Double smallestDiverged = null;
        for (CellResult row : rows) {
            if (row.steps() != maxSteps || row.regime() == Regime.FAILED) {
                continue;
            }
            if (row.regime() == Regime.DIVERGED) {
                smallestDiverged = smallestDiverged == null ? row.learningRate() : Math.min(smallestDiverged, row.learningRate());
            } else if (!row.regime().overshot()) {
                largestStable = largestStable == null ? row.learningRate() : Math.max(largestStable, row.learningRate());
            }
        }
        int firstBeyond = -1;
        for (int i = learningRates.length - 1; critical != null && i >= 0 && learningRates[i] > critical; i--) {
            firstBeyond = i;
        }
        Integer fromCritical = smallestDiverged == null || firstBeyond < 0 ? null
                : Arrays.binarySearch(learningRates, smallestDiverged) - firstBeyond;
        return new Boundary(maxSteps, largestStable, smallestDiverged, critical, fromCritical);
    }

    /**
     * The best rate per step count, the largest safe rate, and a verdict per band of rates, of one series'
     * cells. A best rate is one that neither diverged, failed nor was unstable there. A safe rate is below
     * {@code critical} (where it is not null), diverged or failed at no step count, not unstable at the largest,
     * and converged (after a spike or not) at one at least: a rate that only ever oscillates (or undershoots) is not offered as safe,
     * however stable it is.
     */
    public static Suggestions suggestions(List<CellResult> rows, Double critical) {
        Map<Integer, Suggestions.BestRate> best = new TreeMap<>();
        Map<Double, Boolean> disqualified = new TreeMap<>();
        int maxSteps = maxSteps(rows);
        Map<Double, Integer> firstConverged = new TreeMap<>();
        // held-out rows judge a rate better than the rows it was fitted on
        boolean byValidation = rows.stream().anyMatch(row -> Double.isFinite(row.validationLoss()));
        for (CellResult row : rows) {
            Regime regime = row.regime();
            // a spike that is still unstable at a small step count and settles by the largest is no disqualifier
            disqualified.merge(row.learningRate(), regime.lost() || (regime.overshot() && row.steps() == maxSteps),
                    Boolean::logicalOr);
            if (regime.converged()) {
                firstConverged.merge(row.learningRate(), row.steps(), Math::min);
            }
            double loss = byValidation ? row.validationLoss() : row.finalLoss();
            if (regime.lost() || regime.overshot() || !Double.isFinite(loss)) {
                continue;
            }
            Suggestions.BestRate current = best.get(row.steps());
            if (current == null || loss < current.loss()) {
                best.put(row.steps(), new Suggestions.BestRate(row.steps(), row.learningRate(), loss, row.regime(),
                        row.chaotic()));
            }
        }
        Suggestions.SafeRate largestSafe = null;
        double limit = critical == null ? Double.POSITIVE_INFINITY : critical;
        for (Map.Entry<Double, Boolean> rate : disqualified.entrySet()) {
            Integer converged = firstConverged.get(rate.getKey());
            if (!rate.getValue() && rate.getKey() < limit && converged != null) {
                largestSafe = new Suggestions.SafeRate(rate.getKey(), converged);
            }
        }
        return new Suggestions(List.copyOf(best.values()), largestSafe, verdicts(rows),
                byValidation ? Suggestions.VALIDATION_LOSS : Suggestions.TRAINING_LOSS);
    }

    private static List<Suggestions.Verdict> verdicts(List<CellResult> rows) {
        int maxSteps = maxSteps(rows);
        List<Suggestions.Verdict> verdicts = new ArrayList<>();
        double from = Double.NaN;
        double to = Double.NaN;
        Regime band = null;
        for (CellResult row : rows) {
            if (row.steps() != maxSteps) {
                continue;
            }
            Regime regime = row.regime();
            if (regime != band) {
                if (band != null) {
                    verdicts.add(verdict(from, to, band, maxSteps));
                }
                band = regime;
                from = row.learningRate();
            }
            to = row.learningRate();
        }
        if (band != null) {
            verdicts.add(verdict(from, to, band, maxSteps));
        }
        return verdicts;
    }

    private static Suggestions.Verdict verdict(double from, double to, Regime regime, int steps) {
        String rates = from == to ? rate(from) : rate(from) + " … " + rate(to);
        String words = switch (regime) {
            case UNDERSHOOT -> "too slow for " + steps + " steps (undershoot)";
            case CONVERGED -> "converges within " + steps + " steps";
            case CONVERGED_AFTER_SPIKE -> "converges within " + steps + " steps after a spike above the start loss";
            case OSCILLATING -> "oscillates near the stability limit";
            case UNSTABLE -> "unstable: rises above the start loss and does not settle";
            case STALLED -> "stalls after a spike above the start loss, flat or cycling far from the best loss (overshoot)";
            case DIVERGED -> "diverges (overshoot)";
            case FAILED -> "the fit fails";
        };
        return new Suggestions.Verdict(from, to, regime, rates + ": " + words);
    }

    /**
     * A rate in 3 significant digits without trailing zeros in the fraction: plain from 1e-4 up to
     * 1e5 ({@code 0.001}, {@code 150}, {@code 12300}), else with an exponent ({@code 1e-05},
     * {@code 1.23e+05}).
     */
    public static String rate(double rate) {
        if (rate == 0 || !Double.isFinite(rate)) {
            return rate == 0 ? "0" : Double.toString(rate);
        }
        BigDecimal rounded = new BigDecimal(rate).round(THREE_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 5) {
            return String.format(Locale.ROOT, "%se%s%02d", rounded.movePointLeft(exponent).stripTrailingZeros()
                    .toPlainString(), exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** A chaotic cell's loss, as far as its digits mean something: its first significant digit, e.g. {@code ≈ 0.8}. */
    public static String roughly(double loss) {
        return Double.isFinite(loss) && loss != 0
                ? "≈ " + new BigDecimal(loss).round(new MathContext(1)).stripTrailingZeros().toPlainString()
                : "≈ " + loss;
    }

    /** A rate in 3 significant digits, or {@code none} for a rate that does not exist. */
    public static String rateOrNone(Double rate) {
        return rate == null ? "none" : rate(rate);
    }

    private static int maxSteps(List<CellResult> rows) {
        return rows.stream().mapToInt(CellResult::steps).max().orElseThrow();
    }
}
