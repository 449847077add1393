package dev.lrsweep.driver.config;

import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a parsed config value by value and fills in the defaults declared in {@link ConfigLoader}. */
final class ConfigDefaults {

    private ConfigDefaults() {
    }

    static SweepConfig complete(SweepConfig raw) {
        String name = raw.name() == null ? ConfigLoader.DEFAULT_NAME : raw.name();
        if (name.isBlank()) {
            throw new SweepInputException("name: must not be blank");
        }
        OutputConfig output = raw.output() == null || raw.output().dir() == null
                ? new OutputConfig("reports/" + directoryName(name))
                : raw.output();
        if (output.dir().isBlank()) {
            throw new SweepInputException("output.dir: must not be blank");
        }
        ModelConfig model = model(raw.model());
        return new SweepConfig(name, data(raw.data()), model, init(raw.init(), model), grid(raw.grid(), model),
                rangeTest(raw.rangeTest()), fit(raw.fit()), regimes(raw.regimes()), spark(raw.spark()), output);
    }

    /**
     * The out dir's name for a sweep name: characters other than {@code A-Za-z0-9._-} become {@code _},
     * a leading dot too (so that no name means "." or ".." or hides the folder), at most
     * {@value ConfigLoader#MAX_NAME_IN_PATH} characters.
     */
    static String directoryName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.", "_");
        return safe.substring(0, Math.min(safe.length(), ConfigLoader.MAX_NAME_IN_PATH));
    }

    private static ValidationConfig validation(ValidationConfig validation) {
        if (validation == null) {
            return null;
        }
        require(validation.fraction(), "data.validation.fraction");
        double fraction = validation.fraction();
        if (!(fraction > 0 && fraction < 1)) {
            throw new SweepInputException("data.validation.fraction: " + fraction + " (need a share of the rows above 0 "
                    + "and below 1, e.g. 0.2)");
        }
        return new ValidationConfig(fraction, validation.seed() == null ? 0L : validation.seed());
    }

    private static DataConfig data(DataConfig data) {
        if (data == null) {
            throw new SweepInputException("missing key 'data' (set data.synthetic, data.csv or data.table)");
        }
        int sources = (data.synthetic() == null ? 0 : 1) + (data.csv() == null ? 0 : 1) + (data.table() == null ? 0 : 1);
        if (sources != 1) {
            throw new SweepInputException("data: set exactly one of 'synthetic', 'csv' or 'table'");
        }
        boolean standardize = data.standardize() != null && data.standardize();
        ValidationConfig validation = validation(data.validation());
        if (data.csv() != null) {
            CsvDataConfig csv = data.csv();
            require(csv.path(), "data.csv.path");
            require(csv.label(), "data.csv.label");
            return new DataConfig(null, csv, null, standardize, validation);
        }
        if (data.table() != null) {
            TableDataConfig table = data.table();
            require(table.path(), "data.table.path");
            require(table.label(), "data.table.label");
            String format = table.format() == null ? "parquet" : table.format();
            oneOf(format, "data.table.format", "parquet", "orc", "json", "csv");
            if (table.features() != null && table.features().isEmpty()) {
                throw new SweepInputException("data.table.features: empty (leave it out for every numeric column "
                        + "but the label)");
            }
            if (table.features() != null && table.features().contains(table.label())) {
                throw new SweepInputException("data.table.features: names the label column '" + table.label() + "'");
            }
            if (table.features() != null && table.features().stream().distinct().count() < table.features().size()) {
                throw new SweepInputException("data.table.features: names a column twice: " + table.features());
            }
            return new DataConfig(null, null, new TableDataConfig(table.path(), format, table.label(),
                    table.features()), standardize, validation);
        }
        SyntheticDataConfig s = data.synthetic();
        int rows = s.rows() == null ? ConfigLoader.DEFAULT_ROWS : s.rows();
        if (rows < 1) {
            throw new SweepInputException("data.synthetic.rows: " + rows + " leaves the dataset empty (need at least 1)");
        }
        String task = s.task() == null ? "regression" : s.task();
        oneOf(task, "data.synthetic.task", "regression", "classification");
        if (task.equals("classification") && s.noise() != null) {
            throw new SweepInputException("data.synthetic.noise: only for task regression (classification draws each "
                    + "label 1 with probability sigmoid(x·w + b))");
        }
        require(s.weights(), "data.synthetic.weights");
        if (s.weights().length == 0) {
            throw new SweepInputException("data.synthetic.weights: empty (need one weight per feature)");
        }
        long values = (long) rows * (s.weights().length + 1);
        if (values > ConfigLoader.MAX_VALUES) {
            throw new SweepInputException("data.synthetic.rows: " + rows + " rows × " + s.weights().length
                    + " features make " + values + " values, beyond the " + ConfigLoader.MAX_VALUES
                    + " one dataset can hold");
        }
        finite(s.weights(), "data.synthetic.weights");
        double bias = finite(s.bias() == null ? 0.0 : s.bias(), "data.synthetic.bias");
        double noise = finite(s.noise() == null ? 0.0 : s.noise(), "data.synthetic.noise");
        if (noise < 0) {
            throw new SweepInputException("data.synthetic.noise: " + noise + " is negative");
        }
        long seed = s.seed() == null ? ConfigLoader.DEFAULT_SEED : s.seed();
        return new DataConfig(new SyntheticDataConfig(rows, task, s.weights(), bias,
                task.equals("regression") ? noise : null, seed), null, null, standardize, validation);
    }

    private static ModelConfig model(ModelConfig model) {
        ModelConfig given = model == null ? new ModelConfig(null, null, null, null) : model;
        String kind = given.kind() == null ? ModelSpec.Kind.LINEAR.label() : given.kind();
        oneOf(kind, "model.kind", Arrays.stream(ModelSpec.Kind.values()).map(ModelSpec.Kind::label).toArray(String[]::new));
        ModelSpec.Kind family = ModelSpec.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        if (!family.layered()) {
            if (given.hidden() != null) {
                throw new SweepInputException("model.hidden: only for model.kind " + layered() + " (" + kind
                        + " has no hidden layers)");
            }
            if (given.activation() != null) {
                throw new SweepInputException("model.activation: only for model.kind " + layered() + " (" + kind
                        + " has no hidden layers)");
            }
            String loss = family.fixedLoss().label();
            if (given.loss() != null && !given.loss().equals(loss)) {
                throw new SweepInputException("model.loss: '" + given.loss() + "', but model.kind " + kind
                        + " is fitted by " + loss);
            }
            return new ModelConfig(kind, null, null, loss);
        }
        int[] hidden = given.hidden() == null ? new int[] {ConfigLoader.DEFAULT_HIDDEN} : given.hidden();
        if (hidden.length == 0) {
            throw new SweepInputException("model.hidden: empty (need the width of at least one hidden layer)");
        }
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1 || hidden[i] > ConfigLoader.MAX_HIDDEN) {
                throw new SweepInputException("model.hidden[" + i + "]: " + hidden[i] + " units (need 1 to "
                        + ConfigLoader.MAX_HIDDEN + ")");
            }
        }
        String activation = given.activation() == null ? ModelSpec.Activation.TANH.label() : given.activation();
        oneOf(activation, "model.activation", Arrays.stream(ModelSpec.Activation.values())
                .map(ModelSpec.Activation::label).toArray(String[]::new));
        String loss = given.loss() == null ? ModelSpec.Loss.MSE.label() : given.loss();
        oneOf(loss, "model.loss", Arrays.stream(ModelSpec.Loss.values()).map(ModelSpec.Loss::label)
                .toArray(String[]::new));
        return new ModelConfig(kind, hidden, activation, loss);
    }

    /** The model kinds with hidden layers, for messages. */
    private static String layered() {
        return String.join(" or ", Arrays.stream(ModelSpec.Kind.values()).filter(ModelSpec.Kind::layered)
                .map(ModelSpec.Kind::label).toList());
    }

    private static InitConfig init(InitConfig init, ModelConfig model) {
        InitConfig given = init == null ? new InitConfig(null, null, null, null) : init;
        ModelSpec.Start start = model.spec().kind().start();
        if (given.file() != null) {
            if (given.file().isBlank()) {
                throw new SweepInputException("init.file: must not be blank");
            }
            if (given.weights() != null || given.bias() != null || given.seed() != null) {
                throw new SweepInputException("init.file: the file holds the whole start point; leave out init."
                        + (given.weights() != null ? "weights" : given.bias() != null ? "bias" : "seed"));
            }
            return given;
        }
        if (start != ModelSpec.Start.WEIGHTS_AND_BIAS) {
            if (given.weights() != null || given.bias() != null) {
                throw new SweepInputException("init." + (given.weights() != null ? "weights" : "bias")
                        + ": only for model.kind " + String.join(" or ", Arrays.stream(ModelSpec.Kind.values())
                        .filter(k -> k.start() == ModelSpec.Start.WEIGHTS_AND_BIAS).map(ModelSpec.Kind::label).toList())
                        + " (model.kind " + model.kind() + " starts from " + (start == ModelSpec.Start.ZEROS
                        ? "zeros, init.seed" : "init.seed") + " or init.file)");
            }
            Long seed = given.seed() == null && start == ModelSpec.Start.SEEDED_DRAW ? Long.valueOf(ConfigLoader.DEFAULT_INIT_SEED)
                    : given.seed();
            return new InitConfig(null, null, seed, null);
        }
        if (given.seed() != null) {
            throw new SweepInputException("init.seed: only for model.kind " + String.join(" or ",
                    Arrays.stream(ModelSpec.Kind.values()).filter(k -> k.start() != ModelSpec.Start.WEIGHTS_AND_BIAS)
                            .map(ModelSpec.Kind::label).toList()) + " (a " + model.kind()
                    + " model starts from init.weights and init.bias, zeros by default)");
        }
        if (given.weights() != null) {
            finite(given.weights(), "init.weights");
        }
        return new InitConfig(given.weights(), finite(given.bias() == null ? 0.0 : given.bias(), "init.bias"), null,
                null);
    }

    private static void oneOf(String value, String key, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new SweepInputException(key + ": '" + value + "' (expected " + String.join(", ", allowed) + ")");
        }
    }

    private static GridConfig grid(GridConfig grid, ModelConfig model) {
        if (grid == null) {
            throw new SweepInputException("missing key 'grid'");
        }
        require(grid.learningRates(), "grid.learning_rates");
        LearningRates rates = grid.learningRates().range() != null
                ? new LearningRates(null, range(grid.learningRates().range()))
                : new LearningRates(rateList(grid.learningRates().list()), null);
        require(grid.steps(), "grid.steps");
        if (grid.steps().length == 0) {
            throw new SweepInputException("grid.steps: empty (need at least one step count)");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < grid.steps().length; i++) {
            int steps = grid.steps()[i];
            if (steps < 1 || steps > ConfigLoader.MAX_STEPS) {
                throw new SweepInputException("grid.steps[" + i + "]: " + steps + " is not a step count (need 1 to "
                        + ConfigLoader.MAX_STEPS + ")");
            }
            if (!seen.add(steps)) {
                throw new SweepInputException("grid.steps[" + i + "]: " + steps + " is listed twice");
            }
        }
        int perTask = grid.ratesPerTask() != null ? grid.ratesPerTask() : model.spec().defaultRatesPerTask();
        if (perTask < 1) {
            throw new SweepInputException("grid.rates_per_task: " + perTask + " (need at least 1)");
        }
        List<OptimizerConfig> optimizers = grid.optimizers() == null
                ? List.of(new OptimizerConfig(Optimizer.gd())) : grid.optimizers();
        if (optimizers.isEmpty()) {
            throw new SweepInputException("grid.optimizers: empty (need at least one optimizer, e.g. [gd])");
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < optimizers.size(); i++) {
            if (optimizers.get(i) == null) {
                throw new SweepInputException("grid.optimizers[" + i + "]: has no value");
            }
            if (!labels.add(optimizers.get(i).optimizer().label())) {
                throw new SweepInputException("grid.optimizers[" + i + "]: " + optimizers.get(i).optimizer().label()
                        + " is listed twice");
            }
        }
        List<BatchSize> batchSizes = grid.batchSizes() == null ? List.of(BatchSize.FULL) : grid.batchSizes();
        if (batchSizes.isEmpty()) {
            throw new SweepInputException("grid.batch_sizes: empty (need at least one, e.g. [full])");
        }
        for (int i = 0; i < batchSizes.size(); i++) {
            if (batchSizes.get(i) == null) {
                throw new SweepInputException("grid.batch_sizes[" + i + "]: has no value");
            }
            if (batchSizes.indexOf(batchSizes.get(i)) != i) {
                throw new SweepInputException("grid.batch_sizes[" + i + "]: " + batchSizes.get(i).asWritten()
                        + " is listed twice");
            }
        }
        int seeds = grid.seeds() == null ? 1 : grid.seeds();
        if (seeds < 1 || seeds > ConfigLoader.MAX_SEEDS) {
            throw new SweepInputException("grid.seeds: " + seeds + " (need 1 to " + ConfigLoader.MAX_SEEDS + ")");
        }
        if (seeds > 1 && batchSizes.stream().allMatch(BatchSize::full)) {
            throw new SweepInputException("grid.seeds: " + seeds + ", but every batch size is full: a full batch is "
                    + "deterministic and has one seed (add a mini-batch size to grid.batch_sizes)");
        }
        return new GridConfig(rates, grid.steps(), perTask, List.copyOf(optimizers), List.copyOf(batchSizes), seeds);
    }

    private static double[] rateList(double[] list) {
        if (list.length == 0) {
            throw new SweepInputException("grid.learning_rates: empty (need at least one learning rate)");
        }
        if (list.length > ConfigLoader.MAX_RATES) {
            throw new SweepInputException("grid.learning_rates: " + list.length + " rates (at most "
                    + ConfigLoader.MAX_RATES + ")");
        }
        Set<Double> seen = new HashSet<>();
        for (int i = 0; i < list.length; i++) {
            positiveRate(list[i], "grid.learning_rates[" + i + "]");
            if (!seen.add(list[i])) {
                throw new SweepInputException("grid.learning_rates[" + i + "]: " + list[i] + " is listed twice");
            }
        }
        return list;
    }

    private static LearningRateRange range(LearningRateRange range) {
        if (range.auto() != null && !range.isAuto()) {
            throw new SweepInputException("grid.learning_rates.auto: false (leave it out, or give from and to)");
        }
        if (range.isAuto()) {
            if (range.from() != null || range.to() != null || range.scale() != null) {
                throw new SweepInputException("grid.learning_rates: auto lays its own range (log scale): leave out "
                        + "from, to and scale, or auto");
            }
            int count = range.count() == null ? ConfigLoader.DEFAULT_AUTO_RATES : range.count();
            if (count < 2 || count > ConfigLoader.MAX_RATES) {
                throw new SweepInputException("grid.learning_rates.count: " + count + " (need 2 to "
                        + ConfigLoader.MAX_RATES + ")");
            }
            return new LearningRateRange(null, null, count, null, true);
        }
        require(range.from(), "grid.learning_rates.from");
        require(range.to(), "grid.learning_rates.to");
        require(range.count(), "grid.learning_rates.count");
        positiveRate(range.from(), "grid.learning_rates.from");
        positiveRate(range.to(), "grid.learning_rates.to");
        if (range.count() < 1 || range.count() > ConfigLoader.MAX_RATES) {
            throw new SweepInputException("grid.learning_rates.count: " + range.count() + " (need 1 to "
                    + ConfigLoader.MAX_RATES + ")");
        }
        if (range.from() >= range.to() && range.count() > 1) {
            throw new SweepInputException("grid.learning_rates: from " + range.from() + " is not below to "
                    + range.to());
        }
        LearningRateRange.Scale scale = range.scale() == null ? LearningRateRange.Scale.LOG : range.scale();
        return new LearningRateRange(range.from(), range.to(), range.count(), scale);
    }

    private static RangeTestConfig rangeTest(RangeTestConfig given) {
        RangeTestConfig test = given == null ? new RangeTestConfig(null, null, null, null, null) : given;
        double from = test.from() == null ? ConfigLoader.DEFAULT_RANGE_FROM : test.from();
        double to = test.to() == null ? ConfigLoader.DEFAULT_RANGE_TO : test.to();
        positiveRate(from, "range_test.from");
        positiveRate(to, "range_test.to");
        if (from >= to) {
            throw new SweepInputException("range_test: from " + from + " is not below to " + to);
        }
        int steps = test.steps() == null ? ConfigLoader.DEFAULT_RANGE_STEPS : test.steps();
        if (steps < 2 || steps > ConfigLoader.MAX_RANGE_STEPS) {
            throw new SweepInputException("range_test.steps: " + steps + " (need 2 to " + ConfigLoader.MAX_RANGE_STEPS
                    + ": the test records every step)");
        }
        double stop = test.stopFactor() == null ? ConfigLoader.DEFAULT_RANGE_STOP_FACTOR : test.stopFactor();
        if (!(stop > 1) || !Double.isFinite(stop)) {
            throw new SweepInputException("range_test.stop_factor: " + stop + " (need a finite number above 1)");
        }
        double smoothing = test.smoothing() == null ? ConfigLoader.DEFAULT_RANGE_SMOOTHING : test.smoothing();
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new SweepInputException("range_test.smoothing: " + smoothing + " (need 0 ≤ smoothing < 1)");
        }
        return new RangeTestConfig(from, to, steps, stop, smoothing);
    }

    private static FitConfig fit(FitConfig fit) {
        double factor = fit == null || fit.divergenceFactor() == null
                ? ConfigLoader.DEFAULT_DIVERGENCE_FACTOR : fit.divergenceFactor();
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new SweepInputException("fit.divergence_factor: " + factor + " (need a finite number above 1)");
        }
        return new FitConfig(factor, fit == null || fit.mode() == null ? FitConfig.Mode.BATCHED : fit.mode(),
                fit == null || fit.precision() == null ? FitConfig.Precision.FLOAT64 : fit.precision(),
                fit == null || fit.parallelism() == null ? FitConfig.Parallelism.AUTO : fit.parallelism());
    }

    private static RegimeConfig regimes(RegimeConfig regimes) {
        RegimeConfig given = regimes == null ? new RegimeConfig(null, null, null, null) : regimes;
        double tolerance = given.convergedTolerance() == null
                ? ConfigLoader.DEFAULT_CONVERGED_TOLERANCE : given.convergedTolerance();
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new SweepInputException("regimes.converged_tolerance: " + tolerance + " (need a finite number above 0)");
        }
        int window = given.oscillationWindow() == null ? ConfigLoader.DEFAULT_OSCILLATION_WINDOW : given.oscillationWindow();
        if (window < 1 || window > ConfigLoader.MAX_OSCILLATION_WINDOW) {
            throw new SweepInputException("regimes.oscillation_window: " + window + " (need 1 to "
                    + ConfigLoader.MAX_OSCILLATION_WINDOW + ")");
        }
        double share = given.oscillationShare() == null ? ConfigLoader.DEFAULT_OSCILLATION_SHARE : given.oscillationShare();
        if (!(share > 0 && share <= 1)) {
            throw new SweepInputException("regimes.oscillation_share: " + share + " (need a number in (0, 1])");
        }
        return new RegimeConfig(tolerance, window, share,
                given.sensitivity() == null ? RegimeConfig.Sensitivity.AUTO : given.sensitivity());
    }

    private static SparkConfig spark(SparkConfig spark) {
        String master = spark == null || spark.master() == null ? ConfigLoader.DEFAULT_MASTER : spark.master();
        if (master.isBlank()) {
            throw new SweepInputException("spark.master: must not be blank");
        }
        Map<String, String> settings = spark == null || spark.settings() == null ? Map.of() : spark.settings();
        settings.forEach((key, value) -> {
            if (value == null) {
                throw new SweepInputException("spark.settings." + key + ": has no value");
            }
        });
        return new SparkConfig(master, new java.util.TreeMap<>(settings));
    }

    private static void positiveRate(double rate, String key) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new SweepInputException(key + ": " + rate + " is not a positive finite learning rate");
        }
    }

    private static double finite(double value, String key) {
        if (!Double.isFinite(value)) {
            throw new SweepInputException(key + ": " + value + " is not a finite number");
        }
        return value;
    }

    private static void finite(double[] values, String key) {
        for (int i = 0; i < values.length; i++) {
            finite(values[i], key + "[" + i + "]");
        }
    }

    private static void require(Object value, String key) {
        if (value == null) {
            throw new SweepInputException("missing key '" + key + "'");
        }
    }
}
