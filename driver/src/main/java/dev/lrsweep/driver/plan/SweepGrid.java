package dev.lrsweep.driver.plan;

import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.config.BatchSize;
import dev.lrsweep.driver.config.GridConfig;
import dev.lrsweep.driver.config.LearningRates;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The grid of series (optimizers × schedules × weight decays × batch sizes × seeds) × learning rates × step counts,
 * expanded from the config in a fixed order: the series in the config's order (each optimizer, for each its
 * schedules, for each its weight decays, for each its batch sizes, for each mini-batch size its seeds 0, 1, …),
 * within a series the learning rates ascending,
 * and for each rate the step counts ascending. Batches of consecutive rates of one series
 * ({@code rates_per_task} each) are a function of the config alone, never of the cluster, so the
 * same config computes exactly the same batches, and so the same numbers, on any Spark master.
 */
public final class SweepGrid {
    /** The rates, ascending; null until the range test lays them, for {@code learning_rates: auto}. */
    private final double[] learningRates;
    private final int rateCount;
    private final int[] stepCounts;
    private final int ratesPerTask;
    private final List<SeriesSpec> series;

    private SweepGrid(double[] learningRates, int rateCount, int[] stepCounts, int ratesPerTask,
                      List<SeriesSpec> series) {
        this.learningRates = learningRates;
        this.rateCount = rateCount;
        this.stepCounts = stepCounts;
        this.ratesPerTask = ratesPerTask;
        this.series = series;
    }

    /**
     * A series of the grid as the worker fits it.
     *
     * @param optimizer   the optimizer
     * @param schedule    the schedule of the rate over a run
     * @param weightDecay the weight decay
     * @param batchSize   the rows per mini-batch, or {@link TrialBatch#FULL_BATCH}
     * @param seed        the mini-batches' seed (0 for the full batch)
     */
    public record SeriesSpec(Optimizer optimizer, Schedule schedule, WeightDecay weightDecay, int batchSize,
                             long seed) {
        /** The series' key in results. */
        public Series key() {
            boolean full = batchSize == TrialBatch.FULL_BATCH;
            return new Series(optimizer, full ? null : batchSize, full ? null : (int) seed, schedule,
                    weightDecay.lambda());
        }
    }

    /**
     * Expands a checked grid config; for {@code learning_rates: auto}, all but the rates, which
     * {@link #withLearningRates} gives once the range test has run.
     *
     * @throws SweepInputException if a range is too narrow to give {@code count} different rates
     */
    public static SweepGrid of(GridConfig grid) {
        int[] steps = grid.steps().clone();
        Arrays.sort(steps);
        List<SeriesSpec> series = new ArrayList<>();
        for (Optimizer optimizer : grid.optimizers()) {
            for (Schedule schedule : grid.schedules()) {
                for (double decay : grid.weightDecays()) {
                    for (BatchSize size : grid.batchSizes()) {
                        for (int seed = 0; seed < (size.full() ? 1 : grid.seeds()); seed++) {
                            series.add(new SeriesSpec(optimizer, schedule, new WeightDecay(decay, grid.decayBiases()),
                                    size.rows(), seed));
                        }
                    }
                }
            }
        }
        if (grid.learningRates() instanceof LearningRates.Auto auto) {
            return new SweepGrid(null, auto.count(), steps, grid.ratesPerTask(), List.copyOf(series));
        }
        double[] rates = grid.learningRates() instanceof LearningRates.Range range ? expand(range)
                : ((LearningRates.Listed) grid.learningRates()).rates().clone();
        return new SweepGrid(checked(rates), rates.length, steps, grid.ratesPerTask(), List.copyOf(series));
    }

    /** The grid with its rates laid (by the range test, for {@code learning_rates: auto}). */
    public SweepGrid withLearningRates(double[] rates) {
        return new SweepGrid(checked(rates.clone()), rates.length, stepCounts, ratesPerTask, series);
    }

    /** Whether the range test has yet to lay the rates. */
    public boolean awaitsRates() {
        return learningRates == null;
    }

    /** The rates sorted, refusing two equal ones. */
    private static double[] checked(double[] rates) {
        Arrays.sort(rates);
        for (int i = 1; i < rates.length; i++) {
            if (rates[i] == rates[i - 1]) {
                throw new SweepInputException("grid.learning_rates: from and to lie so close together that "
                        + rates.length + " rates between them are not all different numbers (" + rates[i]
                        + " twice); use fewer rates or ends further apart");
            }
        }
        return rates;
    }

    /**
     * The rates of a range, both ends exact: on a log scale, rate_i = from·(to/from)^(i/(count−1));
     * on a linear scale, rate_i = from + i·(to−from)/(count−1).
     */
    public static double[] expand(LearningRates.Range range) {
        int count = range.count();
        double[] rates = new double[count];
        for (int i = 0; i < count; i++) {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            rates[i] = range.scale() == LearningRates.Scale.LOG
                    ? Math.pow(10, Math.log10(range.from()) + t * (Math.log10(range.to()) - Math.log10(range.from())))
                    : range.from() + t * (range.to() - range.from());
        }
        rates[0] = range.from();
        if (count > 1) {
            rates[count - 1] = range.to();
        }
        return rates;
    }

    public double[] learningRates() {
        if (learningRates == null) {
            throw new IllegalStateException("the range test has not laid the rates yet");
        }
        return learningRates.clone();
    }

    /** How many rates the grid has (or will have, for {@code learning_rates: auto}). */
    public int rateCount() {
        return rateCount;
    }

    public int[] stepCounts() {
        return stepCounts.clone();
    }

    /** The series, in grid order. */
    public List<SeriesSpec> series() {
        return series;
    }

    /** Whether any series runs on mini-batches. */
    public boolean hasMiniBatches() {
        return series.stream().anyMatch(spec -> spec.batchSize() != TrialBatch.FULL_BATCH);
    }

    public int cellCount() {
        return series.size() * rateCount * stepCounts.length;
    }

    /** Every cell in grid order. */
    public List<GridCell> cells() {
        List<GridCell> cells = new ArrayList<>(cellCount());
        for (SeriesSpec spec : series) {
            for (double rate : learningRates()) {
                for (int steps : stepCounts) {
                    cells.add(new GridCell(spec.key(), rate, steps));
                }
            }
        }
        return cells;
    }

    /**
     * Each series' rates in batches of consecutive rates, one Spark task each: as many batches as
     * {@code rates_per_task} rates a batch make, cut so that each holds about as much work (a rate's run, and its
     * sensitivity twin where it has one, for the share of the steps it runs) as the others; with {@code oneBatchPerSeries}, all of a series' rates in one
     * batch (data parallelism: every step's job serves every rate).
     *
     * @param twinsFrom each series' smallest rate that runs a sensitivity twin ({@link TrialBatch#twinsFrom()})
     */
    public List<TrialBatch> batches(ModelSpec model, Parameters start, double divergenceFactor, int reversalWindow,
                                    Precision precision, boolean oneBatchPerSeries,
                                    ToDoubleFunction<SeriesSpec> twinsFrom) {
        double[] learningRates = learningRates();
        int count = oneBatchPerSeries ? 1 : (learningRates.length + ratesPerTask - 1) / ratesPerTask;
        List<TrialBatch> batches = new ArrayList<>();
        for (SeriesSpec spec : series) {
            double twins = twinsFrom.applyAsDouble(spec);
            int[] cuts = balancedCuts(learningRates, twins, count);
            // a schedule over the run's length runs each budget apart, as a user trains: a batch per budget
            int[][] runs = spec.schedule().budgetRelative()
                    ? Arrays.stream(stepCounts).mapToObj(steps -> new int[] {steps}).toArray(int[][]::new)
                    : new int[][] {stepCounts};
            for (int[] steps : runs) {
                for (int b = 0; b < count; b++) {
                    batches.add(new TrialBatch(Arrays.copyOfRange(learningRates, cuts[b], cuts[b + 1]), steps, model,
                            start, divergenceFactor, reversalWindow, precision, spec.optimizer(),
                            spec.batchSize(), spec.seed(), twins).withRecipe(spec.schedule(), spec.weightDecay()));
                }
            }
        }
        return batches;
    }

    /**
     * Where {@code count} batches of consecutive rates begin (and the last ends), each holding one rate at least.
     * Without twins, batches of {@code rates_per_task} rates, the last one shorter. With twins, the cut whose costliest
     * batch costs least: a batch's cost is its models in whole vectors ({@link TrialBatch#MODELS_PER_VECTOR}: a graph
     * of 9 models steps as slowly as one of 16) outside the twins' windows and, for the {@link TrialBatch#twinShare
     * share of the steps} they run, with its twins; between cuts of equal cost, the one whose largest batch holds the
     * fewest models (1 + the twins' share for a twinned rate, else 1).
     */
    private int[] balancedCuts(double[] rates, double twinsFrom, int count) {
        int[] cuts = new int[count + 1];
        cuts[count] = rates.length;
        if (Arrays.stream(rates).noneMatch(rate -> rate >= twinsFrom)) {
            for (int b = 1; b < count; b++) {
                cuts[b] = b * ratesPerTask;
            }
            return cuts;
        }
        double twin = TrialBatch.twinShare(stepCounts);
        int[] twinned = new int[rates.length + 1];
        for (int i = 0; i < rates.length; i++) {
            twinned[i + 1] = twinned[i] + (rates[i] >= twinsFrom ? 1 : 0);
        }
        // cost[b][i]: the least cost of the costliest batch when b + 1 batches hold rates 0 … i − 1 (a bottleneck
        // over cuts: the costs' order is total, so the least maximum builds up batch by batch); a batch holds at
        // most twice rates_per_task rates, which keeps the search at about 2·rates² steps
        int widest = 2 * ratesPerTask;
        BatchCost[][] cost = new BatchCost[count][rates.length + 1];
        int[][] from = new int[count][rates.length + 1];
        for (int i = 1; i <= Math.min(widest, rates.length - count + 1); i++) {
            cost[0][i] = BatchCost.of(i, twinned[i], twin);
        }
        for (int b = 1; b < count; b++) {
            for (int i = b + 1; i <= rates.length - (count - 1 - b); i++) {
                for (int j = Math.max(b, i - widest); j < i; j++) {
                    if (cost[b - 1][j] == null) {
                        continue;
                    }
                    BatchCost last = BatchCost.of(i - j, twinned[i] - twinned[j], twin);
                    BatchCost worst = cost[b - 1][j].compareTo(last) >= 0 ? cost[b - 1][j] : last;
                    if (cost[b][i] == null || worst.compareTo(cost[b][i]) < 0) {
                        cost[b][i] = worst;
                        from[b][i] = j;
                    }
                }
            }
        }
        for (int b = count - 1; b > 0; b--) {
            cuts[b] = from[b][cuts[b + 1]];
        }
        return cuts;
    }

    /** A batch's cost per step: its models in whole vectors, then its models, each twin counted by its share. */
    private record BatchCost(double vectors, double models) implements Comparable<BatchCost> {
        /** A batch of {@code rates} rates, {@code twins} of them twinned, twins in {@code twinShare} of its steps. */
        static BatchCost of(int rates, int twins, double twinShare) {
            return new BatchCost((1 - twinShare) * wholeVectors(rates) + twinShare * wholeVectors(rates + twins),
                    rates + twinShare * twins);
        }

        private static int wholeVectors(int models) {
            return (models + TrialBatch.MODELS_PER_VECTOR - 1) / TrialBatch.MODELS_PER_VECTOR;
        }

        @Override
        public int compareTo(BatchCost other) {
            return vectors != other.vectors ? Double.compare(vectors, other.vectors)
                    : Double.compare(models, other.models);
        }
    }
}
