package dev.lrsweep.driver;

import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.GridConfig;
import dev.lrsweep.driver.config.LearningRateRange;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.ModelSpec;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.TrialBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grid of learning rates × step counts, expanded from the config in a fixed order: learning
 * rates ascending, and for each rate the step counts ascending. Batches of consecutive rates
 * ({@code rates_per_task} each) are a function of the config alone, never of the cluster, so the
 * same config computes exactly the same batches, and so the same numbers, on any Spark master.
 */
public final class SweepGrid {
    private final double[] learningRates;
    private final int[] stepCounts;
    private final int ratesPerTask;

    private SweepGrid(double[] learningRates, int[] stepCounts, int ratesPerTask) {
        this.learningRates = learningRates;
        this.stepCounts = stepCounts;
        this.ratesPerTask = ratesPerTask;
    }

    /**
     * Expands a checked grid config.
     *
     * @throws SweepInputException if a range is too narrow to give {@code count} different rates
     */
    public static SweepGrid of(GridConfig grid) {
        double[] rates = grid.learningRates().range() != null
                ? expand(grid.learningRates().range())
                : grid.learningRates().list().clone();
        Arrays.sort(rates);
        for (int i = 1; i < rates.length; i++) {
            if (rates[i] == rates[i - 1]) {
                throw new SweepInputException("grid.learning_rates: from and to lie so close together that "
                        + rates.length + " rates between them are not all different numbers (" + rates[i]
                        + " twice); use fewer rates or ends further apart");
            }
        }
        int[] steps = grid.steps().clone();
        Arrays.sort(steps);
        return new SweepGrid(rates, steps, grid.ratesPerTask());
    }

    /**
     * The rates of a range, both ends exact: on a log scale, rate_i = from·(to/from)^(i/(count−1));
     * on a linear scale, rate_i = from + i·(to−from)/(count−1).
     */
    static double[] expand(LearningRateRange range) {
        int count = range.count();
        double[] rates = new double[count];
        for (int i = 0; i < count; i++) {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            rates[i] = range.scale() == LearningRateRange.Scale.LOG
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
        return learningRates.clone();
    }

    public int[] stepCounts() {
        return stepCounts.clone();
    }

    public int cellCount() {
        return learningRates.length * stepCounts.length;
    }

    /** Every cell in grid order. */
    public List<GridCell> cells() {
        List<GridCell> cells = new ArrayList<>(cellCount());
        for (double rate : learningRates) {
            for (int steps : stepCounts) {
                cells.add(new GridCell(rate, steps));
            }
        }
        return cells;
    }

    /**
     * The rates in batches of {@code rates_per_task} consecutive rates, one Spark task each; with
     * {@code oneBatch}, all of them in one batch (data parallelism: every step's job serves every rate).
     */
    public List<TrialBatch> batches(ModelSpec model, Parameters start, double divergenceFactor, int reversalWindow,
                                    FitConfig.Precision precision, boolean oneBatch) {
        int ratesPerBatch = oneBatch ? learningRates.length : ratesPerTask;
        List<TrialBatch> batches = new ArrayList<>();
        for (int from = 0; from < learningRates.length; from += ratesPerBatch) {
            double[] rates = Arrays.copyOfRange(learningRates, from, Math.min(from + ratesPerBatch, learningRates.length));
            batches.add(new TrialBatch(rates, stepCounts, model, start, divergenceFactor, reversalWindow,
                    Precision.valueOf(precision.name())));
        }
        return batches;
    }
}
