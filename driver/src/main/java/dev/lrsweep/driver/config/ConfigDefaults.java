package dev.lrsweep.driver.config;

import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.List;

/**
 * Every config key's default and limit, declared here and nowhere else ({@link ConfigCheck} fills them in):
 * <ul>
 *   <li>{@code name}: {@value #NAME}; {@code output.dir}: {@code reports/<name>} (see
 *       {@link ConfigCheck#directoryName})</li>
 *   <li>{@code data.synthetic}: {@code rows} {@value #ROWS}, {@code task} regression, {@code bias} 0,
 *       {@code noise} 0, {@code seed} {@value #DATA_SEED}; {@code weights} required</li>
 *   <li>{@code data.table.format}: parquet; {@code data.standardize}: false; {@code data.validation.seed}:
 *       {@value #VALIDATION_SEED}</li>
 *   <li>{@code model}: {@code kind} linear; for an mlp {@code hidden} [{@value #HIDDEN}], {@code activation}
 *       tanh, {@code loss} mse</li>
 *   <li>{@code init}: the family's start ({@link ModelSpec.Start}): weights all zero and bias 0; zeros; or a
 *       draw with {@code seed} {@value #INIT_SEED}</li>
 *   <li>{@code grid.rates_per_task}: the model family's ({@link ModelSpec#defaultRatesPerTask}: 64 for linear
 *       least squares, 8 for the others); {@code grid.learning_rates} range {@code scale}: log; {@code auto}:
 *       {@value #AUTO_RATES} rates; {@code grid.optimizers}: [gd] (momentum and nesterov β
 *       {@value #MOMENTUM_BETA}, Adam's β₁, β₂, ε PyTorch's); {@code grid.batch_sizes}: [full];
 *       {@code grid.seeds}: {@value #SEEDS}</li>
 *   <li>{@code range_test}: fastai's {@code lr_find}: from {@value #RANGE_FROM} to {@value #RANGE_TO} in
 *       {@value #RANGE_STEPS} steps, stop factor {@value #RANGE_STOP_FACTOR}, smoothing
 *       {@value #RANGE_SMOOTHING}</li>
 *   <li>{@code fit}: {@code divergence_factor} {@value #DIVERGENCE_FACTOR}, {@code mode} batched,
 *       {@code precision} float64, {@code parallelism} auto</li>
 *   <li>{@code regimes}: {@code converged_tolerance} {@value #CONVERGED_TOLERANCE}, {@code oscillation_window}
 *       {@value #OSCILLATION_WINDOW}, {@code oscillation_share} {@value #OSCILLATION_SHARE}, {@code sensitivity}
 *       auto</li>
 *   <li>{@code spark.master}: {@value #MASTER}, {@code spark.settings}: none</li>
 * </ul>
 * Limits: step counts 1 to {@value #MAX_STEPS}, at most {@value #MAX_RATES} rates, 1 to {@value #MAX_SEEDS}
 * seeds, an oscillation window of 1 to {@value #MAX_OSCILLATION_WINDOW}, at most {@value #MAX_VALUES} data values.
 */
public final class ConfigDefaults {
    public static final String NAME = "sweep";
    /** The directory under which the default output directory, named after the sweep, lies. */
    public static final String OUTPUT_PARENT = "reports/";

    public static final int ROWS = 100;
    public static final SyntheticDataConfig.Task TASK = SyntheticDataConfig.Task.REGRESSION;
    public static final double BIAS = 0;
    public static final double NOISE = 0;
    public static final long DATA_SEED = 42;
    public static final TableDataConfig.Format FORMAT = TableDataConfig.Format.PARQUET;
    public static final boolean STANDARDIZE = false;
    public static final long VALIDATION_SEED = 0;

    public static final ModelSpec.Kind KIND = ModelSpec.Kind.LINEAR;
    public static final int HIDDEN = 16;
    public static final ModelSpec.Activation ACTIVATION = ModelSpec.Activation.TANH;
    /** The loss of a model whose family has no fixed loss. */
    public static final ModelSpec.Loss LOSS = ModelSpec.Loss.MSE;
    public static final long INIT_SEED = 0;

    public static final LearningRates.Scale SCALE = LearningRates.Scale.LOG;
    /** How many rates {@code grid.learning_rates: auto} lays. */
    public static final int AUTO_RATES = 20;
    public static final List<Optimizer> OPTIMIZERS = List.of(Optimizer.gd());
    /** The momentum coefficient of {@code momentum} and {@code nesterov} written without one: PyTorch users' usual 0.9. */
    public static final double MOMENTUM_BETA = 0.9;
    public static final List<BatchSize> BATCH_SIZES = List.of(BatchSize.FULL);
    public static final int SEEDS = 1;

    public static final double RANGE_FROM = 1e-7;
    public static final double RANGE_TO = 10;
    public static final int RANGE_STEPS = 100;
    public static final double RANGE_STOP_FACTOR = 4;
    public static final double RANGE_SMOOTHING = 0.98;

    public static final double DIVERGENCE_FACTOR = 1e6;
    public static final FitConfig.Mode MODE = FitConfig.Mode.BATCHED;
    public static final Precision PRECISION = Precision.FLOAT64;
    public static final FitConfig.Parallelism PARALLELISM = FitConfig.Parallelism.AUTO;

    public static final double CONVERGED_TOLERANCE = 0.01;
    public static final int OSCILLATION_WINDOW = 10;
    public static final double OSCILLATION_SHARE = 0.5;
    public static final RegimeConfig.Sensitivity SENSITIVITY = RegimeConfig.Sensitivity.AUTO;

    public static final String MASTER = "local[*]";

    /** The widest hidden layer. */
    public static final int MAX_HIDDEN = 4096;
    /** The largest step count: a billion steps take days even on the smallest data. */
    public static final int MAX_STEPS = 1_000_000_000;
    /**
     * A range test's most steps: it records every step (rate, loss, smoothed loss), and a million steps on the
     * default data took 35 s, peaked at 1.1 GB and wrote 135 MB of files (measured, docs/memory-model.md);
     * fastai and Lightning take 100.
     */
    public static final int MAX_RANGE_STEPS = 1_000_000;
    /** The most seeds a mini-batch series repeats with. */
    public static final int MAX_SEEDS = 1000;
    /** The most learning rates in one sweep. */
    public static final int MAX_RATES = 1_000_000;
    /** The longest oscillation window: its steps are kept on every recorded curve. */
    public static final int MAX_OSCILLATION_WINDOW = 1000;
    /** The most values (rows × (features + 1)) one dataset may hold: the largest Java array. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** The largest config file read: a config is a page of YAML. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;
    /** The most characters of the name that go into the default out dir's name. */
    public static final int MAX_NAME_IN_PATH = 100;

    private ConfigDefaults() {
    }
}
