package dev.lrsweep.driver.config;

import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.model.CustomClass;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Checks a config file's form value by value and fills in the defaults of {@link ConfigDefaults}. */
final class ConfigCheck {
    /** The losses a config chooses from (a model of your own has its own). */
    private static final ModelSpec.Loss[] CONFIG_LOSSES = {ModelSpec.Loss.MSE, ModelSpec.Loss.CROSS_ENTROPY};

    private ConfigCheck() {
    }

    static SweepConfig complete(ConfigFile.Sweep raw) {
        String name = raw.name() == null ? ConfigDefaults.NAME : raw.name();
        if (name.isBlank()) {
            throw new SweepInputException("name: must not be blank");
        }
        String output = raw.output() == null || raw.output().dir() == null
                ? ConfigDefaults.OUTPUT_PARENT + directoryName(name) : raw.output().dir();
        if (output.isBlank()) {
            throw new SweepInputException("output.dir: must not be blank");
        }
        Path outputDir;
        try {
            outputDir = Path.of(output);
        } catch (InvalidPathException e) {
            throw new SweepInputException("output.dir: '" + output + "' is not a path (" + e.getReason() + ")");
        }
        ModelSpec model = model(raw.model(), raw.data() == null ? null : raw.data().image());
        return new SweepConfig(name, data(raw.data()), model, init(raw.init(), model), grid(raw.grid(), model),
                rangeTest(raw.rangeTest()), fit(raw.fit()), regimes(raw.regimes()), spark(raw.spark()), outputDir);
    }

    /**
     * The out dir's name for a sweep name: characters other than {@code A-Za-z0-9._-} become {@code _},
     * a leading dot too (so that no name means "." or ".." or hides the folder), at most
     * {@value ConfigDefaults#MAX_NAME_IN_PATH} characters.
     */
    static String directoryName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.", "_");
        return safe.substring(0, Math.min(safe.length(), ConfigDefaults.MAX_NAME_IN_PATH));
    }

    private static ValidationConfig validation(ConfigFile.Validation validation) {
        if (validation == null) {
            return null;
        }
        require(validation.fraction(), "data.validation.fraction");
        double fraction = validation.fraction();
        if (!(fraction > 0 && fraction < 1)) {
            throw new SweepInputException("data.validation.fraction: " + fraction + " (need a share of the rows above 0 "
                    + "and below 1, e.g. 0.2)");
        }
        return new ValidationConfig(fraction, validation.seed() == null ? ConfigDefaults.VALIDATION_SEED
                : validation.seed());
    }

    private static DataConfig data(ConfigFile.Data data) {
        if (data == null) {
            throw new SweepInputException("missing key 'data' (set data.synthetic, data.csv or data.table)");
        }
        int sources = (data.synthetic() == null ? 0 : 1) + (data.csv() == null ? 0 : 1) + (data.table() == null ? 0 : 1);
        if (sources != 1) {
            throw new SweepInputException("data: set exactly one of 'synthetic', 'csv' or 'table'");
        }
        boolean standardize = data.standardize() == null ? ConfigDefaults.STANDARDIZE : data.standardize();
        ValidationConfig validation = validation(data.validation());
        if (data.csv() != null) {
            ConfigFile.Csv csv = data.csv();
            require(csv.path(), "data.csv.path");
            require(csv.label(), "data.csv.label");
            return new DataConfig(new CsvDataConfig(csv.path(), csv.label()), standardize, validation);
        }
        if (data.table() != null) {
            ConfigFile.Table table = data.table();
            require(table.path(), "data.table.path");
            require(table.label(), "data.table.label");
            TableDataConfig.Format format = table.format() == null ? ConfigDefaults.FORMAT
                    : oneOf(table.format(), "data.table.format", TableDataConfig.Format.values(),
                            TableDataConfig.Format::label);
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
            return new DataConfig(new TableDataConfig(table.path(), format, table.label(),
                    table.features() == null ? List.of() : List.copyOf(table.features())), standardize, validation);
        }
        ConfigFile.Synthetic s = data.synthetic();
        int rows = s.rows() == null ? ConfigDefaults.ROWS : s.rows();
        if (rows < 1) {
            throw new SweepInputException("data.synthetic.rows: " + rows + " leaves the dataset empty (need at least 1)");
        }
        SyntheticDataConfig.Task task = s.task() == null ? ConfigDefaults.TASK
                : oneOf(s.task(), "data.synthetic.task", SyntheticDataConfig.Task.values(),
                        SyntheticDataConfig.Task::label);
        if (task == SyntheticDataConfig.Task.CLASSIFICATION && s.noise() != null) {
            throw new SweepInputException("data.synthetic.noise: only for task regression (classification draws each "
                    + "label 1 with probability sigmoid(x·w + b))");
        }
        require(s.weights(), "data.synthetic.weights");
        if (s.weights().length == 0) {
            throw new SweepInputException("data.synthetic.weights: empty (need one weight per feature)");
        }
        long values = (long) rows * (s.weights().length + 1);
        if (values > ConfigDefaults.MAX_VALUES) {
            throw new SweepInputException("data.synthetic.rows: " + rows + " rows × " + s.weights().length
                    + " features make " + values + " values, beyond the " + ConfigDefaults.MAX_VALUES
                    + " one dataset can hold");
        }
        finite(s.weights(), "data.synthetic.weights");
        double bias = finite(s.bias() == null ? ConfigDefaults.BIAS : s.bias(), "data.synthetic.bias");
        double noise = finite(s.noise() == null ? ConfigDefaults.NOISE : s.noise(), "data.synthetic.noise");
        if (noise < 0) {
            throw new SweepInputException("data.synthetic.noise: " + noise + " is negative");
        }
        long seed = s.seed() == null ? ConfigDefaults.DATA_SEED : s.seed();
        return new DataConfig(new SyntheticDataConfig(rows, task, s.weights(), bias, noise, seed), standardize,
                validation);
    }

    private static ModelSpec model(ConfigFile.Model model, ConfigFile.Image image) {
        ConfigFile.Model given = model == null ? new ConfigFile.Model(null, null, null, null, null, null, null) : model;
        ModelSpec.Kind kind = given.kind() == null ? (given.layers() != null ? ModelSpec.Kind.NETWORK
                : given.className() != null ? ModelSpec.Kind.CUSTOM : ConfigDefaults.KIND)
                : oneOf(given.kind(), "model.kind", ModelSpec.Kind.values(), ModelSpec.Kind::label);
        if (kind == ModelSpec.Kind.CUSTOM || given.className() != null || given.options() != null) {
            return custom(given, kind, image);
        }
        if (kind == ModelSpec.Kind.NETWORK || given.layers() != null) {
            return network(given, kind, image);
        }
        if (image != null) {
            throw new SweepInputException("data.image: only for a network of model.layers (model.kind "
                    + kind.label() + " reads rows of features)");
        }
        if (!kind.layered()) {
            if (given.hidden() != null) {
                throw new SweepInputException("model.hidden: only for model.kind mlp (" + kind.label()
                        + " has no hidden layers)");
            }
            if (given.activation() != null) {
                throw new SweepInputException("model.activation: only for model.kind mlp ("
                        + kind.label() + " has no hidden layers)");
            }
            ModelSpec.Loss loss = kind.fixedLoss();
            if (given.loss() != null && !given.loss().equals(loss.label())) {
                throw new SweepInputException("model.loss: '" + given.loss() + "', but model.kind " + kind.label()
                        + " is fitted by " + loss.label());
            }
            return new ModelSpec(kind, List.of(), loss, 0, null, null);
        }
        int[] hidden = given.hidden() == null ? new int[] {ConfigDefaults.HIDDEN} : given.hidden();
        if (hidden.length == 0) {
            throw new SweepInputException("model.hidden: empty (need the width of at least one hidden layer)");
        }
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1 || hidden[i] > ConfigDefaults.MAX_HIDDEN) {
                throw new SweepInputException("model.hidden[" + i + "]: " + hidden[i] + " units (need 1 to "
                        + ConfigDefaults.MAX_HIDDEN + ")");
            }
        }
        ModelSpec.Activation activation = given.activation() == null ? ConfigDefaults.ACTIVATION
                : oneOf(given.activation(), "model.activation", ModelSpec.Activation.values(),
                        ModelSpec.Activation::label);
        ModelSpec.Loss loss = given.loss() == null ? ConfigDefaults.LOSS
                : oneOf(given.loss(), "model.loss", CONFIG_LOSSES, ModelSpec.Loss::label);
        try {
            return ModelSpec.mlp(hidden, activation, loss);
        } catch (IllegalArgumentException e) {
            throw new SweepInputException("model.activation: " + activation.label() + " (an mlp's hidden layers need "
                    + "an activation)");
        }
    }

    /**
     * {@code model.class} and {@code model.options}: a model of your own, its class loaded (from the jars
     * {@code --jars} brings in) and made once here, so that a missing or wrong class is refused before anything runs.
     */
    private static ModelSpec custom(ConfigFile.Model given, ModelSpec.Kind kind, ConfigFile.Image image) {
        if (given.className() == null || given.className().isBlank()) {
            throw new SweepInputException("model.class: " + (given.className() == null ? "missing" : "blank")
                    + " (a model of your own names its class, e.g. model: {class: com.example.MyNet, options: "
                    + "{width: 16}}, and its jar comes in with --jars)");
        }
        if (kind != ModelSpec.Kind.CUSTOM) {
            throw new SweepInputException("model.class: a model of your own, not model.kind " + kind.label()
                    + " (leave model.kind out, or set custom)");
        }
        String extra = given.layers() != null ? "layers" : given.hidden() != null ? "hidden"
                : given.activation() != null ? "activation" : given.loss() != null ? "loss" : null;
        if (extra != null) {
            throw new SweepInputException("model." + extra + ": not with model.class (the class builds the whole "
                    + "model and its loss)");
        }
        if (image != null) {
            throw new SweepInputException("data.image: not with model.class (the class reads each row's features "
                    + "as it likes)");
        }
        try {
            return ModelSpec.custom(CustomClass.load(given.className().strip(),
                    given.options() == null ? Map.of() : given.options()));
        } catch (IllegalArgumentException e) {
            throw new SweepInputException(e.getMessage(), e);
        }
    }

    /** {@code model.layers}, on rows of features or on {@code data.image}'s images. */
    private static ModelSpec network(ConfigFile.Model given, ModelSpec.Kind kind, ConfigFile.Image image) {
        if (kind != ModelSpec.Kind.NETWORK) {
            throw new SweepInputException("model.layers: only for model.kind network (leave model.kind out, or set "
                    + "network), not " + kind.label());
        }
        if (given.layers() == null || given.layers().isEmpty()) {
            throw new SweepInputException("model.layers: missing or empty (a network is a list of layers, the last "
                    + "its output, e.g. [{dense: {units: 16, activation: relu}}, {dense: {units: 1}}])");
        }
        if (given.hidden() != null || given.activation() != null) {
            throw new SweepInputException("model." + (given.hidden() != null ? "hidden" : "activation")
                    + ": not with model.layers (write each layer in model.layers)");
        }
        ModelSpec.Loss loss = given.loss() == null ? ModelSpec.Loss.CROSS_ENTROPY
                : oneOf(given.loss(), "model.loss", CONFIG_LOSSES, ModelSpec.Loss::label);
        List<Layer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < given.layers().size(); i++) {
            layers.add(LayerKeys.layer(given.layers().get(i), "model.layers[" + i + "]", i == given.layers().size() - 1));
        }
        Shape shape = image == null ? null : image(image);
        for (int i = 0; i < layers.size() && shape == null; i++) {
            if (layers.get(i) instanceof Layer.Conv2d || layers.get(i) instanceof Layer.Pool) {
                throw new SweepInputException("model.layers[" + i + "]: " + layers.get(i).describe() + " takes an "
                        + "image, and the rows are vectors of features (set data.image: {shape: [channels, height, "
                        + "width]})");
            }
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.network(layers, loss, shape);
            if (shape != null) {
                // on images the stack's shapes are known now: each layer is checked before any data is read
                spec.layout((int) shape.size());
            }
        } catch (IllegalArgumentException e) {
            throw new SweepInputException(e.getMessage());
        }
        return spec;
    }

    private static Shape image(ConfigFile.Image image) {
        int[] shape = image.shape();
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(side -> side < 1)) {
            throw new SweepInputException("data.image.shape: " + (shape == null ? "missing" : Arrays.toString(shape))
                    + " (need [channels, height, width], each at least 1, e.g. [1, 8, 8])");
        }
        return Shape.image(shape[0], shape[1], shape[2]);
    }

    private static InitConfig init(ConfigFile.Init init, ModelSpec model) {
        ConfigFile.Init given = init == null ? new ConfigFile.Init(null, null, null, null, null) : init;
        ModelSpec.Start start = model.kind().start();
        if (given.file() != null) {
            if (given.file().isBlank()) {
                throw new SweepInputException("init.file: must not be blank");
            }
            if (given.weights() != null || given.bias() != null || given.seed() != null || given.scheme() != null) {
                throw new SweepInputException("init.file: the file holds the whole start point; leave out init."
                        + (given.weights() != null ? "weights" : given.bias() != null ? "bias"
                        : given.seed() != null ? "seed" : "scheme"));
            }
            return new InitConfig.FromFile(given.file());
        }
        if (start != ModelSpec.Start.WEIGHTS_AND_BIAS) {
            if (given.weights() != null || given.bias() != null) {
                throw new SweepInputException("init." + (given.weights() != null ? "weights" : "bias")
                        + ": only for model.kind " + String.join(" or ", Arrays.stream(ModelSpec.Kind.values())
                        .filter(k -> k.start() == ModelSpec.Start.WEIGHTS_AND_BIAS).map(ModelSpec.Kind::label).toList())
                        + " (model.kind " + model.kind().label() + " starts from " + (start == ModelSpec.Start.ZEROS
                        ? "zeros, init.seed" : "init.seed") + " or init.file)");
            }
            InitScheme scheme = given.scheme() != null
                    ? oneOf(given.scheme(), "init.scheme", InitScheme.values(), InitScheme::label)
                    : model.kind() == ModelSpec.Kind.NETWORK || model.kind() == ModelSpec.Kind.CUSTOM
                    ? InitScheme.PYTORCH : InitScheme.LECUN_NORMAL;
            if (given.seed() != null || given.scheme() != null || start == ModelSpec.Start.SEEDED_DRAW) {
                return new InitConfig.Drawn(given.seed() == null ? ConfigDefaults.INIT_SEED : given.seed(), scheme);
            }
            return new InitConfig.Zeros();
        }
        if (given.seed() != null || given.scheme() != null) {
            throw new SweepInputException("init." + (given.seed() != null ? "seed" : "scheme") + ": only for "
                    + "model.kind " + String.join(" or ",
                    Arrays.stream(ModelSpec.Kind.values()).filter(k -> k.start() != ModelSpec.Start.WEIGHTS_AND_BIAS)
                            .map(ModelSpec.Kind::label).toList()) + " (a " + model.kind().label()
                    + " model starts from init.weights and init.bias, zeros by default)");
        }
        if (given.weights() != null) {
            finite(given.weights(), "init.weights");
        }
        return new InitConfig.Given(given.weights(),
                finite(given.bias() == null ? ConfigDefaults.BIAS : given.bias(), "init.bias"));
    }

    /** The constant whose label {@code value} is, or a one-line error listing the labels. */
    static <E extends Enum<E>> E oneOf(String value, String key, E[] constants, Function<E, String> label) {
        for (E constant : constants) {
            if (label.apply(constant).equals(value)) {
                return constant;
            }
        }
        throw new SweepInputException(key + ": '" + value + "' (expected "
                + String.join(", ", Arrays.stream(constants).map(label).toList()) + ")");
    }

    private static GridConfig grid(ConfigFile.Grid grid, ModelSpec model) {
        if (grid == null) {
            throw new SweepInputException("missing key 'grid'");
        }
        require(grid.learningRates(), "grid.learning_rates");
        LearningRates rates = grid.learningRates().range() != null ? range(grid.learningRates().range())
                : new LearningRates.Listed(rateList(grid.learningRates().list()));
        require(grid.steps(), "grid.steps");
        if (grid.steps().length == 0) {
            throw new SweepInputException("grid.steps: empty (need at least one step count)");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < grid.steps().length; i++) {
            int steps = grid.steps()[i];
            if (steps < 1 || steps > ConfigDefaults.MAX_STEPS) {
                throw new SweepInputException("grid.steps[" + i + "]: " + steps + " is not a step count (need 1 to "
                        + ConfigDefaults.MAX_STEPS + ")");
            }
            if (!seen.add(steps)) {
                throw new SweepInputException("grid.steps[" + i + "]: " + steps + " is listed twice");
            }
        }
        int perTask = grid.ratesPerTask() != null ? grid.ratesPerTask() : model.defaultRatesPerTask();
        if (perTask < 1) {
            throw new SweepInputException("grid.rates_per_task: " + perTask + " (need at least 1)");
        }
        List<Optimizer> optimizers = grid.optimizers() == null ? ConfigDefaults.OPTIMIZERS
                : grid.optimizers().stream().map(given -> given == null ? null : given.optimizer()).toList();
        if (optimizers.isEmpty()) {
            throw new SweepInputException("grid.optimizers: empty (need at least one optimizer, e.g. [gd])");
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < optimizers.size(); i++) {
            if (optimizers.get(i) == null) {
                throw new SweepInputException("grid.optimizers[" + i + "]: has no value");
            }
            if (!labels.add(optimizers.get(i).label())) {
                throw new SweepInputException("grid.optimizers[" + i + "]: " + optimizers.get(i).label()
                        + " is listed twice");
            }
        }
        List<Schedule> schedules = grid.schedules() == null ? List.of(Schedule.CONSTANT)
                : grid.schedules().stream().map(given -> given == null ? null : given.schedule()).toList();
        if (schedules.isEmpty()) {
            throw new SweepInputException("grid.schedules: empty (need at least one schedule, e.g. [constant])");
        }
        Set<String> scheduleLabels = new HashSet<>();
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i) == null) {
                throw new SweepInputException("grid.schedules[" + i + "]: has no value");
            }
            if (!scheduleLabels.add(schedules.get(i).label())) {
                throw new SweepInputException("grid.schedules[" + i + "]: " + schedules.get(i).label()
                        + " is listed twice");
            }
        }
        double[] decays = grid.weightDecays() == null ? new double[] {0} : grid.weightDecays().clone();
        if (decays.length == 0) {
            throw new SweepInputException("grid.weight_decays: empty (need at least one, e.g. [0])");
        }
        Set<Double> seenDecays = new HashSet<>();
        for (int i = 0; i < decays.length; i++) {
            if (!(decays[i] >= 0) || !Double.isFinite(decays[i])) {
                throw new SweepInputException("grid.weight_decays[" + i + "]: " + decays[i]
                        + " is not a weight decay (need a finite number ≥ 0)");
            }
            if (!seenDecays.add(decays[i])) {
                throw new SweepInputException("grid.weight_decays[" + i + "]: " + decays[i] + " is listed twice");
            }
        }
        boolean decayBiases = grid.decayBiases() == null || grid.decayBiases();
        List<BatchSize> batchSizes = grid.batchSizes() == null ? ConfigDefaults.BATCH_SIZES : grid.batchSizes();
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
        int seeds = grid.seeds() == null ? ConfigDefaults.SEEDS : grid.seeds();
        if (seeds < 1 || seeds > ConfigDefaults.MAX_SEEDS) {
            throw new SweepInputException("grid.seeds: " + seeds + " (need 1 to " + ConfigDefaults.MAX_SEEDS + ")");
        }
        if (seeds > 1 && batchSizes.stream().allMatch(BatchSize::full)) {
            throw new SweepInputException("grid.seeds: " + seeds + ", but every batch size is full: a full batch is "
                    + "deterministic and has one seed (add a mini-batch size to grid.batch_sizes)");
        }
        return new GridConfig(rates, grid.steps().clone(), perTask, List.copyOf(optimizers), List.copyOf(schedules),
                decays, decayBiases, List.copyOf(batchSizes), seeds);
    }

    private static double[] rateList(double[] list) {
        if (list.length == 0) {
            throw new SweepInputException("grid.learning_rates: empty (need at least one learning rate)");
        }
        if (list.length > ConfigDefaults.MAX_RATES) {
            throw new SweepInputException("grid.learning_rates: " + list.length + " rates (at most "
                    + ConfigDefaults.MAX_RATES + ")");
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

    private static LearningRates range(ConfigFile.RateRange range) {
        boolean auto = Boolean.TRUE.equals(range.auto());
        if (range.auto() != null && !auto) {
            throw new SweepInputException("grid.learning_rates.auto: false (leave it out, or give from and to)");
        }
        if (auto) {
            if (range.from() != null || range.to() != null || range.scale() != null) {
                throw new SweepInputException("grid.learning_rates: auto lays its own range (log scale): leave out "
                        + "from, to and scale, or auto");
            }
            int count = range.count() == null ? ConfigDefaults.AUTO_RATES : range.count();
            if (count < 2 || count > ConfigDefaults.MAX_RATES) {
                throw new SweepInputException("grid.learning_rates.count: " + count + " (need 2 to "
                        + ConfigDefaults.MAX_RATES + ")");
            }
            return new LearningRates.Auto(count);
        }
        require(range.from(), "grid.learning_rates.from");
        require(range.to(), "grid.learning_rates.to");
        require(range.count(), "grid.learning_rates.count");
        positiveRate(range.from(), "grid.learning_rates.from");
        positiveRate(range.to(), "grid.learning_rates.to");
        if (range.count() < 1 || range.count() > ConfigDefaults.MAX_RATES) {
            throw new SweepInputException("grid.learning_rates.count: " + range.count() + " (need 1 to "
                    + ConfigDefaults.MAX_RATES + ")");
        }
        if (range.from() >= range.to() && range.count() > 1) {
            throw new SweepInputException("grid.learning_rates: from " + range.from() + " is not below to "
                    + range.to());
        }
        return new LearningRates.Range(range.from(), range.to(), range.count(),
                range.scale() == null ? ConfigDefaults.SCALE : range.scale());
    }

    private static RangeTestConfig rangeTest(ConfigFile.RangeTest given) {
        ConfigFile.RangeTest test = given == null ? new ConfigFile.RangeTest(null, null, null, null, null) : given;
        double from = test.from() == null ? ConfigDefaults.RANGE_FROM : test.from();
        double to = test.to() == null ? ConfigDefaults.RANGE_TO : test.to();
        positiveRate(from, "range_test.from");
        positiveRate(to, "range_test.to");
        if (from >= to) {
            throw new SweepInputException("range_test: from " + from + " is not below to " + to);
        }
        int steps = test.steps() == null ? ConfigDefaults.RANGE_STEPS : test.steps();
        if (steps < 2 || steps > ConfigDefaults.MAX_RANGE_STEPS) {
            throw new SweepInputException("range_test.steps: " + steps + " (need 2 to " + ConfigDefaults.MAX_RANGE_STEPS
                    + ": the test records every step)");
        }
        double stop = test.stopFactor() == null ? ConfigDefaults.RANGE_STOP_FACTOR : test.stopFactor();
        if (!(stop > 1) || !Double.isFinite(stop)) {
            throw new SweepInputException("range_test.stop_factor: " + stop + " (need a finite number above 1)");
        }
        double smoothing = test.smoothing() == null ? ConfigDefaults.RANGE_SMOOTHING : test.smoothing();
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new SweepInputException("range_test.smoothing: " + smoothing + " (need 0 ≤ smoothing < 1)");
        }
        return new RangeTestConfig(from, to, steps, stop, smoothing);
    }

    private static FitConfig fit(ConfigFile.Fit given) {
        ConfigFile.Fit fit = given == null ? new ConfigFile.Fit(null, null, null, null) : given;
        double factor = fit.divergenceFactor() == null ? ConfigDefaults.DIVERGENCE_FACTOR : fit.divergenceFactor();
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new SweepInputException("fit.divergence_factor: " + factor + " (need a finite number above 1)");
        }
        return new FitConfig(factor, fit.mode() == null ? ConfigDefaults.MODE : fit.mode(),
                fit.precision() == null ? ConfigDefaults.PRECISION : fit.precision(),
                fit.parallelism() == null ? ConfigDefaults.PARALLELISM : fit.parallelism());
    }

    private static RegimeConfig regimes(ConfigFile.Regimes regimes) {
        ConfigFile.Regimes given = regimes == null ? new ConfigFile.Regimes(null, null, null, null) : regimes;
        double tolerance = given.convergedTolerance() == null
                ? ConfigDefaults.CONVERGED_TOLERANCE : given.convergedTolerance();
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new SweepInputException("regimes.converged_tolerance: " + tolerance + " (need a finite number above 0)");
        }
        int window = given.oscillationWindow() == null ? ConfigDefaults.OSCILLATION_WINDOW : given.oscillationWindow();
        if (window < 1 || window > ConfigDefaults.MAX_OSCILLATION_WINDOW) {
            throw new SweepInputException("regimes.oscillation_window: " + window + " (need 1 to "
                    + ConfigDefaults.MAX_OSCILLATION_WINDOW + ")");
        }
        double share = given.oscillationShare() == null ? ConfigDefaults.OSCILLATION_SHARE : given.oscillationShare();
        if (!(share > 0 && share <= 1)) {
            throw new SweepInputException("regimes.oscillation_share: " + share + " (need a number in (0, 1])");
        }
        return new RegimeConfig(tolerance, window, share,
                given.sensitivity() == null ? ConfigDefaults.SENSITIVITY : given.sensitivity());
    }

    private static SparkConfig spark(ConfigFile.Spark spark) {
        String master = spark == null || spark.master() == null ? ConfigDefaults.MASTER : spark.master();
        if (master.isBlank()) {
            throw new SweepInputException("spark.master: must not be blank");
        }
        Map<String, String> settings = spark == null || spark.settings() == null ? Map.of() : spark.settings();
        settings.forEach((key, value) -> {
            if (value == null) {
                throw new SweepInputException("spark.settings." + key + ": has no value");
            }
        });
        return new SparkConfig(master, Collections.unmodifiableSortedMap(new TreeMap<>(settings)));
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

    static void require(Object value, String key) {
        if (value == null) {
            throw new SweepInputException("missing key '" + key + "'");
        }
    }
}
