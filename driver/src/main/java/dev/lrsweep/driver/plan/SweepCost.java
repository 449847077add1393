package dev.lrsweep.driver.plan;

import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.descent.KeptSteps;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a sweep will cost, foreseen before it runs: the driver's memory, so that a sweep that cannot
 * fit is refused before Spark starts instead of dying of {@link OutOfMemoryError}, and the fitting
 * time, so that a long sweep says so before it starts. Both are rough, documented estimates:
 * <ul>
 *   <li>memory: the rows (features and label, 8 bytes each) held {@value #DATA_COPIES} times at
 *       their peak on the driver (the loaded arrays, their broadcast serialisation, and in local mode
 *       the task's design matrix and the worker's copy), once more for {@code data.standardize}, plus each rate's recorded curve and states
 *       ({@value #CURVE_BYTES_PER_POINT} bytes per kept step, journal and result files included),
 *       against {@value #HEAP_SHARE} of the driver JVM's maximum heap;</li>
 *   <li>time: per gradient evaluation {@value #EVALUATION_SECONDS} s of fixed cost plus the
 *       arithmetic (k·(d+1)² for the moment graph of k rates; n·(d+1) per model for the naive
 *       mode's textbook graph), at {@value #MOMENT_FLOPS} and {@value #FLOPS} operations per second, one batch
 *       per core at once;
 *       for logistic regression and networks, whose steps touch every row, {@value #ROW_WORK_SECONDS} s
 *       per row, model and unit of work, the work being the parameters per model plus
 *       {@value #HIDDEN_UNIT_WORK} per hidden unit (their activations and derivatives; measured on B4
 *       and B5: 2.2e-9 and 1.95e-9), a convolution's counted by its multiply-adds and outputs
 *       ({@link #rowWork}, measured on B7), and for networks the sharpness's 24 evaluations at each step
 *       count;</li>
 *   <li>the exact least-squares solution and the Hessian's eigenvalues, on the driver and once more
 *       in each batch's task: an SVD and an eigendecomposition of a (d+1)×(d+1) matrix, about
 *       {@value #DECOMPOSITION_SECONDS}·(d+1)³ seconds, holding {@value #MATRIX_COPIES} such
 *       matrices at once.</li>
 * </ul>
 *
 * @param driverBytes   the driver memory the sweep needs
 * @param theorySeconds the time of the exact solution and eigenvalues, once
 * @param seconds       the fitting time, on {@code cores} cores
 */
public record SweepCost(long driverBytes, double theorySeconds, double seconds) {
    /** How many copies of the rows the driver holds at the peak. */
    static final int DATA_COPIES = 4;
    /** Bytes per kept point of a recorded curve, everywhere it is held (trajectory, journal line, result). */
    static final int CURVE_BYTES_PER_POINT = 80;
    /** The share of the driver's maximum heap a sweep may plan to use. */
    static final double HEAP_SHARE = 0.8;
    /**
     * Fixed cost of one gradient evaluation and step on the fast path (its graph program run and the step's
     * bookkeeping: the default sweep's 1,000 steps of 20 rates fit in 0.43 s, docs/cost-model.md).
     */
    static final double EVALUATION_SECONDS = 3e-4;
    /** Arithmetic speed of the naive mode's textbook graph: element-wise passes over the rows. */
    static final double FLOPS = 5e8;
    /**
     * Arithmetic speed of the moment graph's (d+1)×(d+1) by (d+1)×k products (BLAS; measured 4–7e9 counted as
     * 4·k·(d+1)² per step, docs/cost-model.md).
     */
    static final double MOMENT_FLOPS = 1e10;
    /**
     * Seconds of an SVD and an eigendecomposition of a p×p matrix, per p³·(1 + p/{@value #DECOMPOSITION_CACHE_SIZE}),
     * the second factor for the cache misses of Commons Math's arrays of rows (one thread: measured 530 s at
     * p = 1501 on a loaded machine, docs/cost-model.md).
     */
    static final double DECOMPOSITION_SECONDS = 4e-8;
    /** The matrix size past which a decomposition's cache misses double its time per p³. */
    static final double DECOMPOSITION_CACHE_SIZE = 500;
    /** (d+1)×(d+1) matrices the theory holds at once: the moments, their copy, the SVD's and the eigenvectors. */
    static final int MATRIX_COPIES = 6;
    /** Seconds per row, model and unit of work of a step that touches every row (logistic, mlp). */
    static final double ROW_WORK_SECONDS = 2e-9;
    /** Fixed cost a mini-batch adds to a step: drawing its rows and gathering them (measured, docs/cost-model.md). */
    static final double MINI_BATCH_SECONDS = 5e-4;
    /** Units of work per unit of a model (a network's hidden units and its output), beside its parameters. */
    static final int HIDDEN_UNIT_WORK = 16;
    /**
     * Units of work per multiply-add of a convolution and per value it outputs: B7's network (conv 8@3×3 relu,
     * max-pool 2, flatten, dense 10; one evaluation of 8 models on 1,797 images about 52 ms, its patches product and
     * weight gradient 10.5 ms, the pooling and activation 32 ms; docs/cost-model.md).
     */
    static final double CONVOLUTION_PRODUCT_WORK = 0.15;
    static final int CONVOLUTION_VALUE_WORK = 4;
    /** Gradient evaluations of one sharpness measurement (two per Lanczos iteration). */
    static final int SHARPNESS_EVALUATIONS = 2 * 12;
    /**
     * Arrays of rows × models × a layer's units, for every hidden layer (activations and their derivatives), that a
     * grid task's graph holds at its peak; see {@link #taskGraphBytes}.
     */
    static final int ROW_ARRAYS = 9;
    /**
     * Bytes a value of those arrays takes in float32, measured (docs/memory-model.md): 6, not 4, since part of a
     * float32 graph's row arrays stays float64.
     */
    static final int FLOAT32_ROW_VALUE_BYTES = 6;
    /**
     * Arrays of models × parameters per model: the parameters, the gradient, the optimizer's state, the sharpness's
     * Lanczos vectors, and every slice the graph takes of the parameters with its gradient (a full-size array each).
     */
    static final int PARAMETER_ARRAYS = 76;
    /**
     * Arrays of models² × the kernels of a network's convolutions after its first layer with parameters: their
     * masked kernels (the tiled kernels, the mask, their product and its gradient). Measured up to 4 models, where
     * they are small beside the parameter arrays; they grow with the square of the models a task holds.
     */
    static final int BLOCK_ARRAYS = 4;

    /**
     * The memory a grid task's graph holds at its peak while it fits a batch of {@code models} models that read
     * every row (logistic regression, a network), measured against the peak resident memory of sweeps of many
     * shapes (docs/memory-model.md): the rows twice (the task's copy and the design matrix), {@link #ROW_ARRAYS} arrays
     * of rows × models × each hidden layer's units (one unit for a model without hidden layers), and
     * what every task holds whatever its rows ({@link #parameterBytes}); 0 for a linear model, which fits on the
     * moments.
     */
    public static long taskGraphBytes(ModelSpec model, long rows, int features, int models, Precision precision) {
        if (!model.readsRows()) {
            return 0;
        }
        long units = Math.max(1, hiddenValues(model, features));
        long rowValueBytes = precision == Precision.FLOAT32 ? FLOAT32_ROW_VALUE_BYTES : 8;
        return rowValueBytes * ROW_ARRAYS * rows * models * units + 2 * 8 * rows * (features + 1L)
                + parameterBytes(model, features, models, precision);
    }

    /**
     * The memory a task's graph of {@code models} models holds whatever its rows, in grid and data parallelism
     * alike: {@link #PARAMETER_ARRAYS} arrays of the models' parameters and, for a network, {@link #BLOCK_ARRAYS}
     * arrays of its masked convolutions after the first layer (models² × each one's kernels, {@link #blockWeights}).
     * A dense layer after the first is a batch of k products of each model's own weights: nothing beyond the
     * parameter arrays.
     */
    static long parameterBytes(ModelSpec model, int features, int models, Precision precision) {
        if (!model.readsRows()) {
            return 0;
        }
        double blocks = blockWeights(model, features);
        double values = (double) PARAMETER_ARRAYS * models * model.parameters(features)
                + (double) BLOCK_ARRAYS * models * models * blocks;
        return (long) Math.min(Long.MAX_VALUE / 2.0, values * valueBytes(precision));
    }

    /**
     * Refuses a sweep whose models' parameters alone would not fit in a task's share of memory, in either
     * parallelism: slicing the rows does not make them smaller.
     *
     * @param models     the most models a task holds (twins included)
     * @param taskMemory a task's share of memory
     * @throws SweepInputException naming the key that sets the size, and the estimate
     */
    public static void checkParametersFit(ModelSpec model, int features, int models, Precision precision,
                                   long taskMemory) {
        long bytes = parameterBytes(model, features, models, precision);
        if (bytes > taskMemory) {
            String key = model.kind() == ModelSpec.Kind.NETWORK ? "model.layers"
                    : model.kind() == ModelSpec.Kind.CUSTOM ? "model.class: " + model.custom().name()
                    : model.hidden().length > 0 ? "model.hidden: " + Arrays.toString(model.hidden())
                    : "data: " + features + " features";
            throw new SweepInputException(key + ": a task's graph of " + models + " model" + (models == 1 ? "" : "s")
                    + " (" + model.parameters(features) + " parameters each) would hold about " + gigabytes(bytes)
                    + " for its parameters alone, more than a task's share of memory (" + gigabytes(taskMemory)
                    + "); use narrower layers or fewer grid.rates_per_task" + (models > 1 ? " (1 holds "
                    + gigabytes(parameterBytes(model, features, 1, precision)) + ")" : ""));
        }
    }

    private static long valueBytes(Precision precision) {
        return precision == Precision.FLOAT32 ? 4 : 8;
    }

    /**
     * The values a row has after each layer but the output: an mlp's hidden units, a network's every layer's
     * outputs (a convolution's filters × height × width); 0 for a model without layers.
     */
    static long hiddenValues(ModelSpec model, int features) {
        List<Shape> shapes = model.shapes(features);
        return shapes.subList(1, Math.max(1, shapes.size() - 1)).stream().mapToLong(Shape::size).sum();
    }

    /**
     * The kernels of a network's convolutions after its first layer with parameters: those a graph of k models
     * holds as masked kernels of k² blocks.
     */
    static double blockWeights(ModelSpec model, int features) {
        List<Shape> shapes = model.shapes(features);
        double blocks = 0;
        boolean first = true;
        for (int i = 0; i < model.layers().size(); i++) {
            List<Layout.Array> arrays = model.layers().get(i).arrays(shapes.get(i), i + 1);
            if (arrays.isEmpty()) {
                continue;
            }
            if (!first && model.layers().get(i) instanceof Layer.Conv2d) {
                blocks += Arrays.stream(arrays.get(0).shape()).asDoubleStream().reduce(1, (a, b) -> a * b);
            }
            first = false;
        }
        return blocks;
    }

    /** Sweeps foreseen to fit for longer than this say so before they start. */
    static final double LONG_SECONDS = 60;

    /**
     * The cost of a sweep.
     *
     * @param rows     the dataset's rows
     * @param features its features
     * @param cores    the cores that fit batches at once
     */
    public static SweepCost of(SweepConfig config, ModelSpec model, SweepGrid grid, long rows, int features, int cores) {
        int rates = grid.rateCount();
        // every series (optimizer, batch size, seed) fits every rate
        int series = grid.series().size();
        int[] steps = grid.stepCounts();
        long kept = KeptSteps.of(steps, config.regimes().oscillationWindow()).length + 1L;
        // the theory's matrices: the exact solution's or Newton's Hessian, one row and column a parameter
        double parameters = model.measuresSharpness() ? features + 1 : model.parameters(features);
        int copies = DATA_COPIES + (config.data().standardize() ? 1 : 0);
        long bytes = copies * rows * (features + 1) * 8 + (long) series * rates * kept * CURVE_BYTES_PER_POINT
                + (long) (MATRIX_COPIES * parameters * parameters * 8);
        double theory = DECOMPOSITION_SECONDS * parameters * parameters * parameters
                * (1 + parameters / DECOMPOSITION_CACHE_SIZE);
        double seconds;
        boolean naive = config.fit().mode() == FitConfig.Mode.NAIVE;
        int perTask = naive ? 1 : Math.min(config.grid().ratesPerTask(), rates);
        int batchesPerSeries = (rates + perTask - 1) / perTask;
        if (naive) {
            long stepSum = Arrays.stream(steps).asLongStream().sum();
            seconds = (double) series * rates * stepSum * naiveEvaluationSeconds(model, rows, features)
                    / Math.max(1, cores);
        } else {
            // the sharpness's evaluations read every row, a mini-batch series' steps only its batch's
            double sharpnessSeconds = sharpnessEvaluations(model, steps) * evaluationSeconds(model, rows, features, perTask);
            // each series' batches, the batches shared by the cores
            double total = 0;
            double longest = 0;
            for (SweepGrid.SeriesSpec spec : grid.series()) {
                boolean miniBatch = spec.batchSize() != TrialBatch.FULL_BATCH;
                // a schedule over the run's length runs each budget apart: its steps are the budgets' sum
                double batch = stepsPerRate(spec, steps) * (evaluationSeconds(model, miniBatch
                        ? Math.min(rows, spec.batchSize()) : rows, features, perTask)
                        + (miniBatch ? MINI_BATCH_SECONDS : 0)) + sharpnessSeconds + (model.readsRows() ? 0 : theory);
                total += batchesPerSeries * batch;
                longest = Math.max(longest, batch);
            }
            seconds = Math.max(longest, total / Math.max(1, cores));
        }
        return new SweepCost(bytes, theory, seconds);
    }

    /**
     * The cost of the same sweep in data parallelism: each series one batch of every rate, each of its gradient
     * evaluations a round trip to the tasks that serve the slices ({@code served}) or one Spark job over them, the
     * cores sharing its arithmetic.
     */
    public SweepCost inDataParallelism(ModelSpec model, SweepGrid grid, long rows, int features, int cores,
                                       boolean served) {
        int[] steps = grid.stepCounts();
        long evaluations = grid.series().stream().mapToLong(spec -> stepsPerRate(spec, steps)).sum()
                + grid.series().size() * sharpnessEvaluations(model, steps);
        double perEvaluation = (served ? DATA_PARALLEL_REQUEST_SECONDS : DATA_PARALLEL_JOB_SECONDS)
                + evaluationSeconds(model, rows, features, grid.rateCount()) / Math.max(1, cores);
        return new SweepCost(driverBytes, theorySeconds, evaluations * perEvaluation);
    }

    /**
     * The steps a series fits each rate for: its longest step count, or where its schedule changes the rate over
     * the run's length, every step count's run apart, their sum.
     */
    public static long stepsPerRate(SweepGrid.SeriesSpec spec, int[] steps) {
        return spec.schedule().budgetRelative() ? Arrays.stream(steps).asLongStream().sum() : steps[steps.length - 1];
    }

    /**
     * A Spark job's own cost, one per gradient evaluation in data parallelism where the slices are not served
     * (measured, docs/cost-model.md).
     */
    static final double DATA_PARALLEL_JOB_SECONDS = 0.04;
    /** A request's own cost, one per gradient evaluation of served slices (measured, docs/cost-model.md). */
    static final double DATA_PARALLEL_REQUEST_SECONDS = 0.001;

    /**
     * The time of a range test: {@code runs} runs of one model, up to {@code steps} steps each, one per core at once.
     */
    public static SweepCost rangeTest(ModelSpec model, long rows, int features, int runs, int steps, int cores) {
        double waves = Math.ceil((double) runs / Math.max(1, cores));
        return new SweepCost(0, 0, waves * steps * evaluationSeconds(model, rows, features, 1));
    }

    /**
     * One gradient evaluation of a batch of {@code models} models on the fast path: a fixed cost, plus for a
     * linear model the moment graph's k·(d+1)² products, and for a model that reads the rows its work per row.
     */
    private static double evaluationSeconds(ModelSpec model, long rows, int features, int models) {
        double parameters = features + 1;
        if (!model.readsRows()) {
            return EVALUATION_SECONDS + 4 * models * parameters * parameters / MOMENT_FLOPS;
        }
        return EVALUATION_SECONDS + ROW_WORK_SECONDS * rows * models * rowWork(model, features);
    }

    /**
     * The units of work per row and model of one evaluation: a weight's multiply-add counts one, each unit (the
     * output's included) {@value #HIDDEN_UNIT_WORK} for its element-wise passes (activation, loss and their
     * derivatives); a convolution's multiply-adds {@value #CONVOLUTION_PRODUCT_WORK} each (one large product of
     * the patches, at BLAS's speed) and each of its outputs {@value #CONVOLUTION_VALUE_WORK} (its activation and
     * the pooling after it); pooling and flattening nothing more.
     */
    static double rowWork(ModelSpec model, int features) {
        if (model.layers().isEmpty()) {
            return model.parameters(features) + HIDDEN_UNIT_WORK * model.outputs();
        }
        List<Shape> shapes = model.shapes(features);
        double work = 0;
        for (int i = 0; i < model.layers().size(); i++) {
            Shape in = shapes.get(i);
            Shape out = shapes.get(i + 1);
            if (model.layers().get(i) instanceof Layer.Dense dense) {
                work += (in.size() + 1 + HIDDEN_UNIT_WORK) * (double) dense.units();
            } else if (model.layers().get(i) instanceof Layer.Conv2d conv) {
                double products = (double) out.size() * in.channels() * conv.kernel() * conv.kernel();
                work += CONVOLUTION_PRODUCT_WORK * products + CONVOLUTION_VALUE_WORK * out.size();
            }
        }
        return work;
    }

    /**
     * The gradient evaluations a network's sharpness takes in the fit: one measurement at each step count (the one
     * at the start, on one model, comes before the fit).
     */
    private static long sharpnessEvaluations(ModelSpec model, int[] steps) {
        return model.measuresSharpness() ? SHARPNESS_EVALUATIONS * (long) steps.length : 0;
    }

    /** One evaluation of the naive mode's textbook graph of one model on every row. */
    private static double naiveEvaluationSeconds(ModelSpec model, long rows, int features) {
        return !model.readsRows() ? EVALUATION_SECONDS + 4 * rows * (features + 1.0) / FLOPS
                : evaluationSeconds(model, rows, features, 1);
    }

    /** Bytes a range test's trace takes on the driver per step, at its peak (measured: docs/memory-model.md). */
    static final int RANGE_TEST_BYTES_PER_STEP = 800;

    /**
     * Refuses a range test whose traces would not fit in the driver's heap.
     *
     * @throws SweepInputException naming {@code range_test.steps} and the estimate
     */
    public static void checkRangeTestFits(int runs, int steps, long maxHeapBytes) {
        long bytes = (long) runs * steps * RANGE_TEST_BYTES_PER_STEP;
        if (bytes > HEAP_SHARE * maxHeapBytes) {
            throw new SweepInputException("range_test.steps: " + steps + ": " + runs + " run" + (runs == 1 ? "" : "s")
                    + " would record about " + gigabytes(bytes) + " of traces, more than the driver's heap allows ("
                    + gigabytes(maxHeapBytes) + "); use fewer steps, or give the driver more (SWEEP_JAVA_OPTS=-Xmx…)");
        }
    }

    /**
     * Refuses a sweep whose data and curves cannot fit in the driver's heap.
     *
     * @param key the config key that sets the data's size, named in the error
     * @throws SweepInputException if it cannot fit
     */
    public void checkFits(String key, long maxHeapBytes) {
        if (driverBytes > HEAP_SHARE * maxHeapBytes) {
            throw new SweepInputException(key + ": the sweep needs about " + gigabytes(driverBytes)
                    + " of driver memory (data and recorded curves), but the driver's heap is " + gigabytes(maxHeapBytes)
                    + "; use fewer rows or rates, or give the driver more (SWEEP_JAVA_OPTS=-Xmx…, or spark-submit's "
                    + "--driver-memory)");
        }
    }

    /**
     * The same cost with the batches' sensitivity twins: a step's work grows with the models a graph holds, so the
     * fitting time by {@code models / rates} (the fixed cost per evaluation counted as work too: an upper bound).
     *
     * @param models every batch's models, each twin counted by the share of the steps it runs
     *               ({@link TrialBatch#twinShare})
     * @param rates  every batch's rates
     */
    public SweepCost withTwins(double models, int rates) {
        return new SweepCost(driverBytes, theorySeconds, seconds * models / rates);
    }

    /** Whether the sweep is foreseen to fit for more than {@link #LONG_SECONDS}. */
    public boolean isLong() {
        return seconds > LONG_SECONDS;
    }

    /** Whether the exact solution is foreseen to take more than {@link #LONG_SECONDS}. */
    public boolean isLongTheory() {
        return theorySeconds > LONG_SECONDS;
    }

    /** The fitting time in words, e.g. {@code about 12 min}. */
    public String duration() {
        return duration(seconds);
    }

    /** The exact solution's time in words. */
    public String theoryDuration() {
        return duration(theorySeconds);
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "about %.0f s", seconds);
        }
        if (seconds < 2 * 3600) {
            return String.format(Locale.ROOT, "about %.0f min", seconds / 60);
        }
        if (seconds < 3 * 86400) {
            return String.format(Locale.ROOT, "about %.0f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "about %.0f days", seconds / 86400);
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
