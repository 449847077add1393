package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.ArrayRecords;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of learning rates fitted together, each from the same start point, with the state wanted
 * at each of the step counts.
 *
 * @param learningRates     the rates, each positive and finite
 * @param stepCounts        the step counts at which a state is recorded, strictly increasing, each at least 1
 * @param model             the model every fit trains
 * @param start             the parameters every fit starts from, laid out as {@code model} on the data
 * @param divergenceFactor  a fit has diverged once its loss exceeds this factor times its starting loss
 *                          (see {@link DivergenceRule})
 * @param reversalWindow    how many steps up to each step count keep their reversal flags in the
 *                          recorded curve (the regime rules look at that many final steps), at least 1
 * @param precision         the precision of the per-step arithmetic
 * @param optimizer         how each step moves the models (see {@link Optimizer})
 * @param batchSize         the rows of each step's mini-batch, or {@link #FULL_BATCH} for all of them
 * @param seed              the seed of the mini-batch shuffles (see {@link MiniBatches}); 0 for a full batch
 * @param twinsFrom         every rate at or above it runs a twin, to measure the sensitivity of its states to
 *                          rounding ({@link FitState#sensitivity()}): in each of the {@link #twinWindows twin windows}
 *                          before the step counts, a second trajectory, in the same graph as the runs, from the run's
 *                          own state moved by a relative {@link Precision#twinOffset()}; {@link #NO_TWINS} for none,
 *                          0 for all
 * @param sharpnessStart    where the family measures the sharpness, λ_max of the loss's Hessian at the start point
 *                          if measured already (on one model: every rate starts there), for every run to record;
 *                          NaN for the batch to measure it on its own graph
 * @param schedule          how each run's rate changes over its steps, its learning rate the peak (see
 *                          {@link Schedule}); a budget-relative schedule needs one step count, the run's budget
 * @param weightDecay       the optimizer's weight decay (see {@link WeightDecay})
 */
public record TrialBatch(double[] learningRates, int[] stepCounts, ModelSpec model, Parameters start,
                         double divergenceFactor,
                         int reversalWindow, Precision precision, Optimizer optimizer, int batchSize, long seed,
                         double twinsFrom, double sharpnessStart, Schedule schedule, WeightDecay weightDecay)
        implements Serializable {

    /** The {@code twinsFrom} that twins no rate. */
    public static final double NO_TWINS = Double.POSITIVE_INFINITY;

    /**
     * How many steps before each step count its twins start: a chaotic trajectory grows a rounding-sized offset
     * (1e-12) to O(1) within 100 steps, and a contracting one shrinks it, so the last 100 steps tell a cell's
     * sensitivity without the twins running the whole way.
     */
    public static final int TWIN_WINDOW = 100;

    /**
     * The models a graph's fused products step through together: a vector of float64 lanes (8 on
     * AVX-512, two vectors of 4 on AVX2), so that a graph of 9 models steps as slowly as one of 16 (B4's step, 8 models
     * 13.0 ms, 9 20.5, 16 19.6; docs/performance.md). A constant, not this machine's width, so that a config's batches
     * are the same on any cluster.
     */
    public static final int MODELS_PER_VECTOR = 8;

    /** The batch size that means every row at every step. */
    public static final int FULL_BATCH = 0;

    /** Validates the rates, step counts and factor; copies the arrays. */
    public TrialBatch {
        if (learningRates.length == 0) {
            throw new IllegalArgumentException("batch has no learning rates");
        }
        for (double rate : learningRates) {
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("learning rate " + rate + " is not positive and finite");
            }
        }
        if (stepCounts.length == 0) {
            throw new IllegalArgumentException("batch has no step counts");
        }
        for (int i = 0; i < stepCounts.length; i++) {
            if (stepCounts[i] < 1 || (i > 0 && stepCounts[i] <= stepCounts[i - 1])) {
                throw new IllegalArgumentException(
                        "step counts must be at least 1 and strictly increasing: " + Arrays.toString(stepCounts));
            }
        }
        if (!(divergenceFactor > 1) || !Double.isFinite(divergenceFactor)) {
            throw new IllegalArgumentException("divergence factor " + divergenceFactor + " is not finite and > 1");
        }
        if (precision == null || model == null || start == null) {
            throw new IllegalArgumentException("no precision, model or start point");
        }
        if (optimizer == null || schedule == null || weightDecay == null) {
            throw new IllegalArgumentException("no optimizer, schedule or weight decay");
        }
        if (schedule.budgetRelative() && stepCounts.length != 1) {
            throw new IllegalArgumentException(schedule.label() + " depends on the run's length: one step count per "
                    + "batch, not " + Arrays.toString(stepCounts));
        }
        if (batchSize < 0 || (batchSize == FULL_BATCH && seed != 0)) {
            throw new IllegalArgumentException("batch size " + batchSize + " with seed " + seed
                    + ": a batch size is at least 1 (or full, with seed 0)");
        }
        if (!(twinsFrom >= 0)) {
            throw new IllegalArgumentException("twins from rate " + twinsFrom + " (need 0 or more, or NO_TWINS)");
        }
        if (reversalWindow < 1) {
            throw new IllegalArgumentException("reversal window " + reversalWindow + " is below 1");
        }
        learningRates = learningRates.clone();
        stepCounts = stepCounts.clone();
    }

    /** A batch whose graph measures the sharpness at the start itself, where its family measures it. */
    public TrialBatch(double[] learningRates, int[] stepCounts, ModelSpec model, Parameters start,
                      double divergenceFactor, int reversalWindow, Precision precision, Optimizer optimizer,
                      int batchSize, long seed, double twinsFrom) {
        this(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision, optimizer,
                batchSize, seed, twinsFrom, Double.NaN, Schedule.CONSTANT, WeightDecay.NONE);
    }

    /** Full-batch gradient descent. */
    public TrialBatch(double[] learningRates, int[] stepCounts, ModelSpec model, Parameters start,
                      double divergenceFactor, int reversalWindow, Precision precision) {
        this(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision, Optimizer.gd(),
                FULL_BATCH, 0, NO_TWINS);
    }

    /** The same batch with other learning rates. */
    public TrialBatch withLearningRates(double... rates) {
        return new TrialBatch(rates, stepCounts, model, start, divergenceFactor, reversalWindow, precision, optimizer,
                batchSize, seed, twinsFrom, sharpnessStart, schedule, weightDecay);
    }

    /** The same batch with another optimizer, batch size and seed. */
    public TrialBatch with(Optimizer optimizer, int batchSize, long seed) {
        return new TrialBatch(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision,
                optimizer, batchSize, seed, twinsFrom, sharpnessStart, schedule, weightDecay);
    }

    /** The same batch under another schedule and weight decay. */
    public TrialBatch withRecipe(Schedule schedule, WeightDecay weightDecay) {
        return new TrialBatch(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision,
                optimizer, batchSize, seed, twinsFrom, sharpnessStart, schedule, weightDecay);
    }

    /** The same batch with a twin for every rate at or above {@code rate} ({@link #NO_TWINS} for none). */
    public TrialBatch withTwinsFrom(double rate) {
        return new TrialBatch(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision,
                optimizer, batchSize, seed, rate, sharpnessStart, schedule, weightDecay);
    }

    /** The same batch with the sharpness at the start measured already ({@code sharpnessStart}). */
    public TrialBatch withSharpnessStart(double measured) {
        return new TrialBatch(learningRates, stepCounts, model, start, divergenceFactor, reversalWindow, precision,
                optimizer, batchSize, seed, twinsFrom, measured, schedule, weightDecay);
    }

    /** One cell of the batch: one rate, one step count (the naive reference runs no twins). */
    TrialBatch cell(double rate, int steps) {
        return new TrialBatch(new double[] {rate}, new int[] {steps}, model, start, divergenceFactor, reversalWindow,
                precision, optimizer, batchSize, seed, NO_TWINS, sharpnessStart, schedule, weightDecay);
    }

    /** The batch's first rate alone, with no twin: one model, as a measurement at the start point needs. */
    public TrialBatch alone() {
        return withLearningRates(learningRates[0]).withTwinsFrom(NO_TWINS);
    }

    /** The indices of the rates that run a twin, ascending. */
    int[] twinned() {
        return java.util.stream.IntStream.range(0, learningRates.length)
                .filter(i -> learningRates[i] >= twinsFrom).toArray();
    }

    /** How many models the batch's graph holds in the twins' windows: one per rate, and one per twin. */
    public int models() {
        return learningRates.length + twinned().length;
    }

    /** The rate of every model the batch's graph holds: each rate, then the twinned rates again. */
    double[] modelRates() {
        int[] twins = twinned();
        double[] rates = Arrays.copyOf(learningRates, learningRates.length + twins.length);
        for (int j = 0; j < twins.length; j++) {
            rates[learningRates.length + j] = learningRates[twins[j]];
        }
        return rates;
    }

    /**
     * The steps in which the twins run, as [first, last] pairs, ascending: the {@link #TWIN_WINDOW} steps up to
     * each step count (from step 0 where the count is shorter), windows that meet or overlap run as one. A twin
     * starts at each window's first step from its run's state there and is compared with it at every step count
     * the window ends.
     */
    public static int[][] twinWindows(int[] stepCounts) {
        List<int[]> windows = new ArrayList<>();
        for (int steps : stepCounts) {
            int first = Math.max(0, steps - TWIN_WINDOW);
            int[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && first <= last[1]) {
                last[1] = steps;
            } else {
                windows.add(new int[] {first, steps});
            }
        }
        return windows.toArray(int[][]::new);
    }

    /**
     * What a twin costs beside its run: the share of the steps its {@link #twinWindows windows} cover (1 where
     * they cover the whole trajectory).
     */
    public static double twinShare(int[] stepCounts) {
        int covered = Arrays.stream(twinWindows(stepCounts)).mapToInt(window -> window[1] - window[0]).sum();
        return (double) covered / stepCounts[stepCounts.length - 1];
    }

    /**
     * A twin's state: each value θ of its run's moved up by {@link Precision#twinOffset()} × max(|θ|, 1),
     * relative where the value is not small, so that a start of zeros is perturbed too.
     */
    Parameters twinOf(Parameters run) {
        double offset = precision.twinOffset();
        double[] values = run.values();
        for (int j = 0; j < values.length; j++) {
            values[j] += offset * Math.max(Math.abs(values[j]), 1);
        }
        return new Parameters(run.layout(), values);
    }

    /** Whether each step sees a mini-batch of fewer rows than {@code rows}, rather than all of them. */
    public boolean miniBatchOf(int rows) {
        return batchSize != FULL_BATCH && batchSize < rows;
    }

    /** The largest step count: the length of every trajectory. */
    public int maxSteps() {
        return stepCounts[stepCounts.length - 1];
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }

    @Override
    public int[] stepCounts() {
        return stepCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return ArrayRecords.equal(this, o);
    }

    @Override
    public int hashCode() {
        return ArrayRecords.hash(this);
    }

    @Override
    public String toString() {
        return "TrialBatch[" + model + ", " + optimizer + (batchSize == FULL_BATCH ? "" : ", batch " + batchSize
                + ", seed " + seed) + (schedule == Schedule.CONSTANT ? "" : ", " + schedule.label())
                + (weightDecay.any() ? ", weight decay " + weightDecay.lambda() : "") + ", rates=" + Arrays.toString(learningRates) + ", steps="
                + Arrays.toString(stepCounts) + "]";
    }
}
