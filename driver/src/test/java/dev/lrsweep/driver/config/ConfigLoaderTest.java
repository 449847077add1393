package dev.lrsweep.driver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Precision;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String DATA = "data: {synthetic: {weights: [0.1]}}\n";
    private static final String GRID = "grid: {learning_rates: [0.01, 0.1], steps: [10]}\n";
    private static final String IMAGES = "data: {csv: {path: a.csv, label: y}, image: {shape: [1, 8, 8]}}\n" + GRID;

    @Test
    void theDefaultSweepIsTheClassicLesson() {
        SweepConfig config = ConfigLoader.load(Path.of(System.getProperty("lrsweep.home"), "conf", "sweep.yaml"));

        assertThat(config.name()).isEqualTo("classic-lesson");
        SyntheticDataConfig data = (SyntheticDataConfig) config.data().source();
        assertThat(data.rows()).isEqualTo(100);
        assertThat(data.weights()).containsExactly(0.1);
        assertThat(data.bias()).isEqualTo(0.5);
        assertThat(data.noise()).isEqualTo(0.05);
        InitConfig.Given init = (InitConfig.Given) config.init();
        assertThat(init.weights()).containsExactly(0.0);
        assertThat(init.bias()).isEqualTo(-1.0);
        assertThat(config.grid().learningRates())
                .isEqualTo(new LearningRates.Range(1e-3, 10.0, 20, LearningRates.Scale.LOG));
        assertThat(config.grid().steps()).containsExactly(10, 50, 100, 200, 500, 1000);
        assertThat(config.spark().master()).isEqualTo("local[*]");
    }

    /** Every example the README points to loads, and its data file is where it says (relative to the config). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleConfigLoadsAndFindsItsData(Path example) {
        SweepConfig config = ConfigLoader.load(example);

        assertThat(config.name()).isNotBlank();
        if (config.data().source() instanceof CsvDataConfig csv) {
            assertThat(example.getParent().resolve(csv.path())).isRegularFile();
        }
    }

    static Stream<Path> examples() throws java.io.IOException {
        try (Stream<Path> files = java.nio.file.Files.list(Path.of(System.getProperty("lrsweep.home"), "conf",
                "examples"))) {
            return files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void everyOmittedKeyGetsItsDocumentedDefault() {
        SweepConfig config = ConfigLoader.parse(DATA + GRID, "test.yaml");

        assertThat(config.name()).isEqualTo("sweep");
        SyntheticDataConfig data = (SyntheticDataConfig) config.data().source();
        assertThat(data.rows()).isEqualTo(100);
        assertThat(data.bias()).isEqualTo(0.0);
        assertThat(data.noise()).isEqualTo(0.0);
        assertThat(data.seed()).isEqualTo(42L);
        assertThat(data.classification()).isFalse();
        assertThat(config.data().standardize()).isFalse();
        assertThat(config.data().validation()).isNull();
        assertThat(config.init()).isEqualTo(new InitConfig.Given(null, 0.0));
        assertThat(config.model()).isEqualTo(dev.lrsweep.worker.model.ModelSpec.linear());
        assertThat(config.grid().ratesPerTask()).isEqualTo(64);
        assertThat(config.grid().optimizers()).containsExactly(dev.lrsweep.worker.optimizer.Optimizer.gd());
        assertThat(config.grid().batchSizes()).containsExactly(BatchSize.FULL);
        assertThat(config.grid().seeds()).isEqualTo(1);
        assertThat(config.rangeTest()).isEqualTo(new RangeTestConfig(1e-7, 10.0, 100, 4.0, 0.98));
        assertThat(config.fit()).isEqualTo(new FitConfig(1e6, FitConfig.Mode.BATCHED, Precision.FLOAT64,
                FitConfig.Parallelism.AUTO));
        assertThat(config.regimes()).isEqualTo(new RegimeConfig(0.01, 10, 0.5, RegimeConfig.Sensitivity.AUTO));
        assertThat(config.spark().master()).isEqualTo("local[*]");
        assertThat(config.spark().settings()).isEmpty();
        assertThat(config.outputDir()).isEqualTo(Path.of("reports/sweep"));
    }

    /** Families that step through every row batch 8 rates per task, so a sweep of 16 rates already uses 2 cores. */
    @ParameterizedTest
    @ValueSource(strings = {"{kind: logistic}", "{kind: mlp}"})
    void familiesThatReadEveryRowDefaultToEightRatesPerTask(String model) {
        SweepConfig config = ConfigLoader.parse(DATA + GRID + "model: " + model, "t.yaml");

        assertThat(config.grid().ratesPerTask()).isEqualTo(8);
        assertThat(ConfigLoader.parse(DATA + GRID.replace("}", ", rates_per_task: 3}") + "model: " + model, "t.yaml")
                .grid().ratesPerTask()).isEqualTo(3);
    }

    /** YAML 1.1 reads a bare on and off as booleans: they still mean on and off. */
    @Test
    void theSensitivityReadsAutoOnAndOffBareOrQuoted() {
        for (String value : java.util.List.of("auto", "on", "off", "'on'", "\"off\"", "true", "false")) {
            RegimeConfig.Sensitivity read = ConfigLoader.parse(DATA + GRID + "regimes: {sensitivity: " + value + "}",
                    "s.yaml").regimes().sensitivity();
            assertThat(read.label()).as(value).isEqualTo(switch (value.replaceAll("['\"]", "")) {
                case "true" -> "on";
                case "false" -> "off";
                default -> value.replaceAll("['\"]", "");
            });
        }
        assertThat(ConfigLoader.parse(DATA + GRID, "s.yaml").regimes().sensitivity())
                .isEqualTo(RegimeConfig.Sensitivity.AUTO);
    }

    /**
     * results.json and the journal hold the checked config in the file's form with every default written out: read
     * back, it is the same config, whatever the model, source, start and rates.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "data: {synthetic: {weights: [0.1, 2], task: classification, rows: 50}, validation: {fraction: 0.2}}\n"
            + "model: {kind: mlp, hidden: [4, 3], activation: relu, loss: cross_entropy}\n"
            + "grid: {learning_rates: auto, steps: [10, 5], optimizers: [momentum, adam], batch_sizes: [full, 8], "
            + "seeds: 2}\nfit: {precision: float32, mode: naive, parallelism: grid}\nregimes: {sensitivity: off}\n"
            + "spark: {settings: {spark.b: x, spark.a: y}}\noutput: {dir: out/x}",
        "data: {table: {path: t.parquet, label: y, format: orc, features: [a, b]}, standardize: true}\n"
            + "model: {kind: softmax}\ninit: {seed: 3}\n"
            + "grid: {learning_rates: {from: 0.1, to: 1, count: 3, scale: linear}, steps: [10]}",
        "data: {table: {path: t.parquet, label: y}}\nmodel: {kind: softmax}\ninit: {file: s.json}\n"
            + "grid: {learning_rates: {auto: true, count: 7}, steps: [10]}",
        "data: {csv: {path: a.csv, label: y}}\ninit: {weights: [1], bias: 2}\n"
            + "grid: {learning_rates: [0.3, 0.1], steps: [10]}",
        "data: {csv: {path: digits.csv, label: digit}, image: {shape: [1, 8, 8]}}\n"
            + "model: {layers: [{conv2d: {filters: 8, kernel: 3, activation: relu}}, {max_pool: {size: 2}}, "
            + "{conv2d: {filters: 4, kernel: 2, padding: same, activation: gelu}}, {avg_pool: {size: 2, stride: 1}}, "
            + "{flatten: {}}, {dense: {units: 10}}]}\ngrid: {learning_rates: [0.3, 0.1], steps: [10]}"})
    void theConfigAsRecordedReadsBackAsTheSameConfig(String yaml) throws Exception {
        java.util.Map<String, Object> tree = ConfigLoader.asTree(ConfigLoader.parse(yaml, "t.yaml"));
        String written = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(tree);

        assertThat(ConfigLoader.asTree(ConfigLoader.parse(written, "recorded.yaml"))).isEqualTo(tree);
        assertThat(tree).containsOnlyKeys("name", "data", "model", "init", "grid", "range_test", "fit", "regimes",
                "spark", "output");
    }

    /** The recorded form keeps every key of the file, null where the config leaves it out and has no default. */
    @Test
    void theRecordedConfigKeepsTheFilesKeys() {
        java.util.Map<String, Object> tree = ConfigLoader.asTree(ConfigLoader.parse("data: {synthetic: {weights: [1], "
                + "task: classification}}\nmodel: {kind: logistic}\n" + GRID, "t.yaml"));

        assertThat(tree.get("data").toString()).isEqualTo("{synthetic={rows=100, task=classification, weights=[1.0], "
                + "bias=0.0, noise=null, seed=42}, csv=null, table=null, standardize=false, validation=null, "
                + "image=null}");
        assertThat(tree.get("model").toString())
                .isEqualTo("{kind=logistic, hidden=null, activation=null, loss=cross_entropy, layers=null, class=null, options=null}");
        assertThat(tree.get("init").toString()).isEqualTo("{weights=null, bias=0.0, seed=null, file=null, scheme=null}");
        assertThat(tree.get("fit").toString()).isEqualTo("{divergence_factor=1000000.0, mode=batched, "
                + "precision=float64, parallelism=auto}");
    }

    @Test
    void schedulesAndWeightDecaysReadInShortAndLongFormsWithPyTorchsDefaultsAndReadBackTheSame() throws Exception {
        String text = DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: [adam, adamw, "
                + "{adamw: {beta1: 0.8}}], schedules: [constant, {warmup: {steps: 5}}, {warmup: {fraction: 0.1, "
                + "start_factor: 0.01}}, cosine, {cosine: {warmup: {steps: 3}, min_factor: 0.1}}, {step: {every: 30}}, "
                + "one_cycle, {one_cycle: {pct_start: 0.25, anneal: linear}}], weight_decays: [0, 1.0e-4], "
                + "decay_biases: false}";
        SweepConfig config = ConfigLoader.parse(text, "test.yaml");

        assertThat(config.grid().optimizers()).extracting(dev.lrsweep.worker.optimizer.Optimizer::label)
                .containsExactly("adam", "adamw", "adamw 0.8/0.999/1e-8");
        assertThat(config.grid().schedules()).extracting(dev.lrsweep.worker.optimizer.Schedule::label)
                .containsExactly("constant", "warmup(steps=5)", "warmup(fraction=0.1, start_factor=0.01)", "cosine",
                        "cosine(warmup_steps=3, min_factor=0.1)", "step(every=30)", "one_cycle",
                        "one_cycle(pct_start=0.25, anneal=linear)");
        assertThat(config.grid().weightDecays()).containsExactly(0, 1e-4);
        assertThat(config.grid().decayBiases()).isFalse();
        // as results.json and the journal hold it, the config reads back as the same
        SweepConfig again = ConfigLoader.parse(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .writeValueAsString(ConfigLoader.asTree(config)), "recorded.yaml");
        assertThat(again.grid().schedules()).isEqualTo(config.grid().schedules());
        assertThat(again.grid().optimizers()).isEqualTo(config.grid().optimizers());
        assertThat(again.grid().weightDecays()).containsExactly(0, 1e-4);
        assertThat(again.grid().decayBiases()).isFalse();
        SweepConfig defaults = ConfigLoader.parse(DATA + GRID, "test.yaml");
        assertThat(defaults.grid().schedules()).containsExactly(dev.lrsweep.worker.optimizer.Schedule.CONSTANT);
        assertThat(defaults.grid().weightDecays()).containsExactly(0);
        assertThat(defaults.grid().decayBiases()).isTrue();
    }

    @Test
    void optimizersReadInShortAndLongFormsWithPyTorchsDefaults() {
        SweepConfig config = ConfigLoader.parse(DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: [gd, "
                + "momentum, {nesterov: 0.5}, adam, {adam: {beta1: 0.8, epsilon: 1.0e-6}}], batch_sizes: [full, 16], "
                + "seeds: 2}", "test.yaml");

        assertThat(config.grid().optimizers()).containsExactly(
                dev.lrsweep.worker.optimizer.Optimizer.gd(), dev.lrsweep.worker.optimizer.Optimizer.momentum(0.9),
                dev.lrsweep.worker.optimizer.Optimizer.nesterov(0.5), dev.lrsweep.worker.optimizer.Optimizer.adam(0.9, 0.999, 1e-8),
                dev.lrsweep.worker.optimizer.Optimizer.adam(0.8, 0.999, 1e-6));
        assertThat(config.grid().optimizers()).extracting(dev.lrsweep.worker.optimizer.Optimizer::label)
                .containsExactly("gd", "momentum 0.9", "nesterov 0.5", "adam", "adam 0.8/0.999/1e-6");
        assertThat(config.grid().batchSizes()).containsExactly(BatchSize.FULL, new BatchSize(16));
        // the config as results.json and the journal hold it reads back as the same config
        Object tree = ConfigLoader.asTree(config).get("grid");
        assertThat(tree.toString()).contains("optimizers=[gd, {momentum=0.9}, {nesterov=0.5}, {adam={beta1=0.9, "
                + "beta2=0.999, epsilon=1.0E-8}}", "batch_sizes=[full, 16]", "seeds=2");
    }

    @Test
    void aNameThatIsNotAFileNameIsSafeInTheDefaultOutDir() {
        SweepConfig config = ConfigLoader.parse("name: \"<script>alert(1)</script>\"\n" + DATA + GRID, "t.yaml");

        assertThat(config.outputDir()).isEqualTo(Path.of("reports/_script_alert_1___script_"));
    }

    @Test
    void learningRatesWrittenAsExponentsWithoutADotAreNumbers() {
        SweepConfig config = ConfigLoader.parse(DATA + "grid: {learning_rates: [1e-3, 2E-1], steps: [5]}\n", "t.yaml");

        assertThat(((LearningRates.Listed) config.grid().learningRates()).rates()).containsExactly(1e-3, 0.2);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("a negative learning rate",
                        DATA + "grid: {learning_rates: [0.1, -1], steps: [10]}",
                        "grid.learning_rates[1]: -1.0 is not a positive finite learning rate"),
                Arguments.of("a zero learning rate",
                        DATA + "grid: {learning_rates: [0], steps: [10]}",
                        "grid.learning_rates[0]: 0.0 is not a positive finite learning rate"),
                Arguments.of("an infinite learning rate",
                        DATA + "grid: {learning_rates: {from: 0.1, to: Infinity, count: 3}, steps: [10]}",
                        "grid.learning_rates.to: Infinity is not a positive finite learning rate"),
                Arguments.of("an infinite learning rate in YAML's notation",
                        DATA + "grid: {learning_rates: {from: 0.1, to: .inf, count: 3}, steps: [10]}",
                        "grid.learning_rates.to: .inf is not a finite number"),
                Arguments.of("a NaN learning rate",
                        DATA + "grid: {learning_rates: [NaN], steps: [10]}",
                        "grid.learning_rates[0]: NaN is not a positive finite learning rate"),
                Arguments.of("from not below to",
                        DATA + "grid: {learning_rates: {from: 1, to: 0.1, count: 3}, steps: [10]}",
                        "grid.learning_rates: from 1.0 is not below to 0.1"),
                Arguments.of("a count below one",
                        DATA + "grid: {learning_rates: {from: 0.1, to: 1, count: 0}, steps: [10]}",
                        "grid.learning_rates.count: 0 (need 1 to 1000000)"),
                Arguments.of("an empty list of rates",
                        DATA + "grid: {learning_rates: [], steps: [10]}",
                        "grid.learning_rates: empty"),
                Arguments.of("an empty list of steps",
                        DATA + "grid: {learning_rates: [0.1], steps: []}",
                        "grid.steps: empty"),
                Arguments.of("a step count below one",
                        DATA + "grid: {learning_rates: [0.1], steps: [10, 0]}",
                        "grid.steps[1]: 0 is not a step count"),
                Arguments.of("a fractional step count",
                        DATA + "grid: {learning_rates: [0.1], steps: [10.5]}",
                        "grid.steps[0]:"),
                Arguments.of("a step count listed twice",
                        DATA + "grid: {learning_rates: [0.1], steps: [10, 10]}",
                        "grid.steps[1]: 10 is listed twice"),
                Arguments.of("an unknown top-level key",
                        DATA + GRID + "colour: blue",
                        "unknown key 'colour'"),
                Arguments.of("an unknown nested key",
                        DATA + "grid: {learning_rates: [0.1], stepz: [10]}",
                        "unknown key 'grid.stepz'"),
                Arguments.of("an unknown key in a range",
                        DATA + "grid: {learning_rates: {from: 0.1, to: 1, count: 3, base: 2}, steps: [10]}",
                        "unknown key 'grid.learning_rates.base'"),
                Arguments.of("a text where a number belongs",
                        DATA + "grid: {learning_rates: {from: abc, to: 1, count: 3}, steps: [10]}",
                        "grid.learning_rates.from:"),
                Arguments.of("an unknown scale",
                        DATA + "grid: {learning_rates: {from: 0.1, to: 1, count: 3, scale: cubic}, steps: [10]}",
                        "grid.learning_rates.scale:"),
                Arguments.of("no data", GRID, "missing key 'data'"),
                Arguments.of("two data sources",
                        "data: {synthetic: {weights: [1]}, csv: {path: a.csv, label: y}}\n" + GRID,
                        "data: set exactly one of 'synthetic', 'csv' or 'table'"),
                Arguments.of("a table without a label", "data: {table: {path: t.parquet}}\n" + GRID,
                        "data.table.label"),
                Arguments.of("a table of an unknown format", "data: {table: {path: t, label: y, format: xls}}\n" + GRID,
                        "data.table.format: 'xls'"),
                Arguments.of("a table with no features", "data: {table: {path: t, label: y, features: []}}\n" + GRID,
                        "data.table.features: empty"),
                Arguments.of("a table whose features hold the label",
                        "data: {table: {path: t, label: y, features: [a, y]}}\n" + GRID,
                        "data.table.features: names the label column 'y'"),
                Arguments.of("a table naming a feature twice",
                        "data: {table: {path: t, label: y, features: [a, a]}}\n" + GRID,
                        "data.table.features: names a column twice: [a, a]"),
                Arguments.of("a validation fraction of 0", "data: {synthetic: {weights: [1]}, validation: {fraction: 0}}\n"
                        + GRID, "data.validation.fraction: 0.0 (need a share of the rows above 0 and below 1"),
                Arguments.of("a validation fraction above 1",
                        "data: {synthetic: {weights: [1]}, validation: {fraction: 1.5}}\n" + GRID,
                        "data.validation.fraction: 1.5"),
                Arguments.of("validation without a fraction", "data: {synthetic: {weights: [1]}, validation: {seed: 3}}\n"
                        + GRID, "missing key 'data.validation.fraction'"),
                Arguments.of("an unknown parallelism", DATA + GRID + "fit: {parallelism: rows}",
                        "fit.parallelism"),
                Arguments.of("no rows", "data: {synthetic: {weights: [1], rows: 0}}\n" + GRID,
                        "data.synthetic.rows: 0 leaves the dataset empty"),
                Arguments.of("no grid", DATA, "missing key 'grid'"),
                Arguments.of("a duplicate key", DATA + GRID + "name: a\nname: b", "name"),
                Arguments.of("broken YAML", DATA + GRID + "name: 'unterminated", "not valid YAML at line"),
                Arguments.of("an empty file", "", "config is empty"),
                Arguments.of("a file of comments", "# nothing yet\n", "config is empty"),
                Arguments.of("a fraction where a whole number belongs", "data: {synthetic: {weights: [1], rows: 1.5}}\n"
                        + GRID, "data.synthetic.rows: expected a whole number up to 2147483647, got 1.5"),
                Arguments.of("a step count beyond the int range", DATA + "grid: {learning_rates: [0.1], steps: [3000000000]}",
                        "grid.steps[0]: 3000000000 is too large"),
                Arguments.of("a number where a list belongs", DATA + "grid: {learning_rates: [0.1], steps: 5}",
                        "grid.steps: expected a list of whole numbers, got 5"),
                Arguments.of("an unknown mode", DATA + GRID + "fit: {mode: fast}",
                        "fit.mode: expected one of batched, naive, got 'fast'"),
                Arguments.of("a text instead of a mapping", "hello", "expected a mapping with keys name, data"),
                Arguments.of("a number where the data belong", "data: 5\n" + GRID,
                        "data: expected a mapping with keys synthetic, csv, table, standardize, validation, image, got 5"),
                Arguments.of("a list where a name belongs", "name: [a]\n" + DATA + GRID, "name: expected a text, got a list"),
                Arguments.of("a missing step count", DATA + "grid: {learning_rates: [0.1], steps: [null]}",
                        "grid.steps[0]: has no value (expected a whole number"),
                Arguments.of("a NaN weight in YAML's notation", "data: {synthetic: {weights: [.nan]}}\n" + GRID,
                        "data.synthetic.weights[0]: .nan is not a finite number"),
                Arguments.of("a flow mapping where a key belongs", "{{{", "not valid YAML at line 1"),
                Arguments.of("binary junk", "\u0000\u0001\u00ff", "not valid YAML at line 1"),
                Arguments.of("two YAML documents", DATA + GRID + "---\nname: other", "more than one YAML document"),
                Arguments.of("an unknown sensitivity", DATA + GRID + "regimes: {sensitivity: maybe}",
                        "regimes.sensitivity: expected one of auto, on, off, got 'maybe'"),
                Arguments.of("a number for the sensitivity", DATA + GRID + "regimes: {sensitivity: 3}",
                        "regimes.sensitivity: expected one of auto, on, off, got 3"),
                Arguments.of("an unknown precision", DATA + GRID + "fit: {precision: half}",
                        "fit.precision: expected one of float64, float32, got 'half'"),
                Arguments.of("lists nested past any reason", "name: " + "[".repeat(2000) + "]".repeat(2000) + "\n"
                        + DATA + GRID, "nesting depth (1001) exceeds the maximum allowed (1000)"),
                Arguments.of("a duplicate nested key", "data: {synthetic: {weights: [1], rows: 3, rows: 4}}\n" + GRID,
                        "the key 'rows' is given twice"),
                Arguments.of("an unknown schedule", DATA + "grid: {learning_rates: [0.1], steps: [10], schedules: "
                        + "[linear]}", "grid.schedules: 'linear' is not a schedule (expected constant, cosine"),
                Arguments.of("a warmup of steps and a fraction", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "schedules: [{warmup: {steps: 5, fraction: 0.1}}]}",
                        "grid.schedules.warmup: {\"steps\":5,\"fraction\":0.1} (need steps or fraction, one of them)"),
                Arguments.of("a cosine ending above its peak", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "schedules: [{cosine: {min_factor: 2}}]}",
                        "grid.schedules.cosine.min_factor: 2 (need 0 ≤ min_factor < 1)"),
                Arguments.of("a step schedule without its period", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "schedules: [{step: {gamma: 0.5}}]}", "grid.schedules.step: {\"gamma\":0.5} (need every"),
                Arguments.of("an unknown one-cycle anneal", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "schedules: [{one_cycle: {anneal: cubic}}]}",
                        "grid.schedules.one_cycle.anneal: \"cubic\" (expected cos or linear)"),
                Arguments.of("a schedule twice", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "schedules: [cosine, {cosine: {min_factor: 0}}]}", "grid.schedules[1]: cosine is listed twice"),
                Arguments.of("a negative weight decay", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "weight_decays: [0, -0.1]}",
                        "grid.weight_decays[1]: -0.1 is not a weight decay (need a finite number ≥ 0)"),
                Arguments.of("an unknown adamw coefficient", DATA + "grid: {learning_rates: [0.1], steps: [10], "
                        + "optimizers: [{adamw: {beta3: 0.5}}]}",
                        "grid.optimizers.adamw: unknown key 'beta3' (expected beta1, beta2, epsilon)"),
                Arguments.of("an unknown model kind", DATA + GRID + "model: {kind: svm}",
                        "model.kind: 'svm' (expected linear, logistic, mlp, softmax, network, custom)"),
                Arguments.of("hidden layers for a linear model", DATA + GRID + "model: {hidden: [4]}",
                        "model.hidden: only for model.kind mlp (linear has no hidden layers)"),
                Arguments.of("a linear model under cross-entropy", DATA + GRID + "model: {loss: cross_entropy}",
                        "model.loss: 'cross_entropy', but model.kind linear is fitted by mse"),
                Arguments.of("an unknown activation", DATA + GRID + "model: {kind: mlp, activation: swish}",
                        "model.activation: 'swish' (expected tanh, relu, sigmoid, gelu, leaky_relu, none)"),
                Arguments.of("an empty hidden layer", DATA + GRID + "model: {kind: mlp, hidden: [8, 0]}",
                        "model.hidden[1]: 0 units (need 1 to 4096)"),
                Arguments.of("start weights for a network", DATA + GRID + "model: {kind: mlp}\ninit: {weights: [1]}",
                        "init.weights: only for model.kind linear or logistic (model.kind mlp starts from init.seed or init.file)"),
                Arguments.of("a seed for a linear model", DATA + GRID + "init: {seed: 3}",
                        "init.seed: only for model.kind mlp or softmax or network or custom (a linear model starts from init.weights"),
                Arguments.of("hidden layers for softmax", DATA + GRID + "model: {kind: softmax, hidden: [4]}",
                        "model.hidden: only for model.kind mlp (softmax has no hidden layers)"),
                Arguments.of("softmax under mse", DATA + GRID + "model: {kind: softmax, loss: mse}",
                        "model.loss: 'mse', but model.kind softmax is fitted by cross_entropy"),
                Arguments.of("start weights for softmax", DATA + GRID + "model: {kind: softmax}\ninit: {weights: [1]}",
                        "init.weights: only for model.kind linear or logistic (model.kind softmax starts from zeros, "
                                + "init.seed or init.file)"),
                Arguments.of("a start file beside a seed", DATA + GRID + "model: {kind: mlp}\ninit: {file: s.json, seed: 1}",
                        "init.file: the file holds the whole start point; leave out init.seed"),
                Arguments.of("an unknown synthetic task", "data: {synthetic: {weights: [1], task: ranking}}\n" + GRID,
                        "data.synthetic.task: 'ranking' (expected regression, classification)"),
                Arguments.of("noise on classes", "data: {synthetic: {weights: [1], task: classification, noise: 0.1}}\n"
                        + GRID, "data.synthetic.noise: only for task regression"),
                Arguments.of("an unknown optimizer", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: [sgd]}",
                        "grid.optimizers: 'sgd' is not an optimizer (expected gd, momentum, nesterov, adam"),
                Arguments.of("a momentum of 1", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[{momentum: 1.0}]}", "grid.optimizers.momentum: 1.0 (need a momentum coefficient β with 0 < β < 1)"),
                Arguments.of("a Nesterov momentum as text", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[{nesterov: high}]}", "grid.optimizers.nesterov: \"high\" (need a momentum coefficient"),
                Arguments.of("an unknown Adam key", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[{adam: {beta: 0.9}}]}", "grid.optimizers.adam: unknown key 'beta' (expected beta1, beta2, epsilon)"),
                Arguments.of("an Adam epsilon of 0", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[{adam: {epsilon: 0}}]}", "grid.optimizers.adam.epsilon: 0 (need a finite epsilon > 0)"),
                Arguments.of("an Adam beta2 of 1", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[{adam: {beta2: 1.0}}]}", "grid.optimizers.adam.beta2: 1.0 (need 0 ≤ beta2 < 1)"),
                Arguments.of("an optimizer listed twice", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: "
                        + "[adam, gd, {adam: {beta1: 0.9}}]}", "grid.optimizers[2]: adam is listed twice"),
                Arguments.of("no optimizer", DATA + "grid: {learning_rates: [0.1], steps: [10], optimizers: []}",
                        "grid.optimizers: empty (need at least one optimizer, e.g. [gd])"),
                Arguments.of("a batch of no rows", DATA + "grid: {learning_rates: [0.1], steps: [10], batch_sizes: [0]}",
                        "grid.batch_sizes: 0 is not a batch size (expected full or a number of rows, at least 1)"),
                Arguments.of("a batch size in words", DATA + "grid: {learning_rates: [0.1], steps: [10], batch_sizes: "
                        + "[half]}", "grid.batch_sizes: \"half\" is not a batch size"),
                Arguments.of("a batch size listed twice", DATA + "grid: {learning_rates: [0.1], steps: [10], batch_sizes: "
                        + "[64, full, 64]}", "grid.batch_sizes[2]: 64 is listed twice"),
                Arguments.of("no seeds", DATA + "grid: {learning_rates: [0.1], steps: [10], seeds: 0}",
                        "grid.seeds: 0 (need 1 to 1000)"),
                Arguments.of("seeds without a mini-batch", DATA + "grid: {learning_rates: [0.1], steps: [10], seeds: 3}",
                        "grid.seeds: 3, but every batch size is full: a full batch is deterministic and has one seed"),
                Arguments.of("auto rates with an end", DATA + "grid: {learning_rates: {auto: true, from: 0.1}, steps: [10]}",
                        "grid.learning_rates: auto lays its own range (log scale): leave out from, to and scale"),
                Arguments.of("auto rates of one", DATA + "grid: {learning_rates: {auto: true, count: 1}, steps: [10]}",
                        "grid.learning_rates.count: 1 (need 2 to"),
                Arguments.of("a range test ending below its start", DATA + GRID + "range_test: {from: 1, to: 0.1}",
                        "range_test: from 1.0 is not below to 0.1"),
                Arguments.of("a range test stopping at its best", DATA + GRID + "range_test: {stop_factor: 1}",
                        "range_test.stop_factor: 1.0 (need a finite number above 1)"),
                Arguments.of("a range test smoothing of 1", DATA + GRID + "range_test: {smoothing: 1}",
                        "range_test.smoothing: 1.0 (need 0 ≤ smoothing < 1)"),
                Arguments.of("a layer kind that does not exist", IMAGES + "model: {layers: [{conv3d: {filters: 2}}]}",
                        "model.layers[0]: unknown layer 'conv3d' (one of dense, conv2d, max_pool, avg_pool, flatten)"),
                Arguments.of("two layers in one entry", IMAGES + "model: {layers: [{flatten: {}, dense: {units: 2}}]}",
                        "model.layers[0]: [flatten, dense] (need one layer"),
                Arguments.of("a key the layer does not take", IMAGES + "model: {layers: [{max_pool: {size: 2, "
                        + "units: 3}}, {flatten: {}}, {dense: {units: 1}}]}",
                        "model.layers[0].max_pool.units: not a key of this layer (it takes size, stride)"),
                Arguments.of("a hidden layer without activation", IMAGES + "model: {layers: [{conv2d: {filters: 2, "
                        + "kernel: 3}}, {flatten: {}}, {dense: {units: 1}}]}",
                        "model.layers[0].conv2d.activation: missing (one of tanh, relu, sigmoid, gelu, leaky_relu, "
                                + "none)"),
                Arguments.of("an unknown activation", IMAGES + "model: {layers: [{flatten: {}}, {dense: {units: 4, "
                        + "activation: swish}}, {dense: {units: 1}}]}",
                        "model.layers[1].dense.activation: 'swish' (expected tanh, relu, sigmoid, gelu, leaky_relu, "
                                + "none)"),
                Arguments.of("a kernel larger than the image", IMAGES + "model: {layers: [{conv2d: {filters: 2, "
                        + "kernel: 9, activation: relu}}, {flatten: {}}, {dense: {units: 1}}]}",
                        "model.layers[0]: conv2d 2@9×9 relu: its kernel of 9×9 is larger than its input of 1×8×8"),
                Arguments.of("a pool that leaves nothing", IMAGES + "model: {layers: [{max_pool: {size: 4}}, "
                        + "{max_pool: {size: 4}}, {flatten: {}}, {dense: {units: 1}}]}",
                        "model.layers[1]: max_pool 4 leaves nothing of its input of 1×2×2 (a window of 4×4)"),
                Arguments.of("dense on an image", IMAGES + "model: {layers: [{dense: {units: 1}}]}",
                        "model.layers[0]: dense 1 none takes a vector, and its input is an image of 1×8×8 (add "
                                + "flatten before it)"),
                Arguments.of("a convolution on rows of features", DATA + GRID + "model: {layers: [{conv2d: "
                        + "{filters: 2, kernel: 1, activation: relu}}, {flatten: {}}, {dense: {units: 1}}]}",
                        "model.layers[0]: conv2d 2@1×1 relu takes an image, and the rows are vectors of features (set "
                                + "data.image: {shape: [channels, height, width]})"),
                Arguments.of("an output that is not a dense layer without activation", IMAGES + "model: {layers: "
                        + "[{flatten: {}}, {dense: {units: 3, activation: relu}}]}",
                        "model.layers: the last layer is the output, a dense layer with activation none, not dense 3 "
                                + "relu"),
                Arguments.of("mse on three outputs", IMAGES + "model: {loss: mse, layers: [{flatten: {}}, "
                        + "{dense: {units: 3}}]}",
                        "model.layers: under mse the output is one linear unit, not 3"),
                Arguments.of("layers with another kind", IMAGES + "model: {kind: mlp, layers: [{flatten: {}}, "
                        + "{dense: {units: 1}}]}",
                        "model.layers: only for model.kind network (leave model.kind out, or set network), not mlp"),
                Arguments.of("an image shape of two sides", "data: {csv: {path: a.csv, label: y}, image: {shape: "
                        + "[8, 8]}}\n" + GRID + "model: {layers: [{flatten: {}}, {dense: {units: 1}}]}",
                        "data.image.shape: [8, 8] (need [channels, height, width], each at least 1, e.g. [1, 8, 8])"),
                Arguments.of("an image for a model without layers", IMAGES + "model: {kind: logistic}",
                        "data.image: only for a network of model.layers (model.kind logistic reads rows of features)"),
                Arguments.of("too many parameters", IMAGES + "model: {layers: [{conv2d: {filters: 2000, kernel: 3, "
                        + "padding: same, activation: relu}}, {flatten: {}}, {dense: {units: 1000, activation: relu}}, "
                        + "{dense: {units: 2}}]}",
                        "model.layers[2] (dense 1000 relu): 128021000 parameters per model so far, more than the "
                                + "100000000 a model may have"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badInputGetsAOneLineErrorNamingTheKeyAndValue(String what, String yaml, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(SweepInputException.class)
                .hasMessageStartingWith("bad.yaml: ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(e.getMessage()).as("no library internals")
                        .doesNotContain("java.", "dev.lrsweep", "`", "Coercion", "org.yaml", "REDACTED", "Event", "token",
                                "Constraints"));
    }

    @Test
    void aNetworkGetsOneHiddenLayerOfSixteenTanhUnitsUnderMseFromSeedZero() {
        SweepConfig config = ConfigLoader.parse(DATA + GRID + "model: {kind: mlp}", "test.yaml");

        assertThat(config.model()).isEqualTo(dev.lrsweep.worker.model.ModelSpec.mlp(new int[] {16},
                dev.lrsweep.worker.model.ModelSpec.Activation.TANH, dev.lrsweep.worker.model.ModelSpec.Loss.MSE));
        assertThat(config.init()).isEqualTo(new InitConfig.Drawn(0, InitScheme.LECUN_NORMAL));
        assertThat(ConfigLoader.parse(DATA + GRID + "model: {kind: logistic}", "t.yaml").model())
                .isEqualTo(dev.lrsweep.worker.model.ModelSpec.logistic());
    }

    @Test
    void precisionIsDoubleUnlessSingleIsAskedFor() {
        assertThat(ConfigLoader.parse(DATA + GRID, "t.yaml").fit().precision()).isEqualTo(Precision.FLOAT64);
        assertThat(ConfigLoader.parse(DATA + GRID + "fit: {precision: float32}", "t.yaml").fit().precision())
                .isEqualTo(Precision.FLOAT32);
    }

    /** A device or a folder named as the config is refused before a byte is read: /dev/zero never ends. */
    @Test
    void aConfigThatIsNoRegularFileIsRefusedBeforeReading() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/dev/zero"))).isInstanceOf(SweepInputException.class)
                .hasMessage("/dev/zero: not a regular file (a config is a YAML file)");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/tmp"))).isInstanceOf(SweepInputException.class)
                .hasMessage("/tmp: not a regular file (a config is a YAML file)");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no/such/sweep.yaml")))
                .isInstanceOf(SweepInputException.class)
                .hasMessage("no/such/sweep.yaml: config file not found");
    }

    /** A name never takes the default out dir out of reports/: no "..", no hidden folder, no slash, bounded length. */
    @Test
    void theDefaultOutDirIsAlwaysAFolderRightUnderReports() {
        for (String name : new String[] {"..", ".", "../../etc", "/abs/path", ".hidden", "a/../../b", "x".repeat(500),
            "日本語", "con:aux"}) {
            String dir = ConfigLoader.parse("name: '" + name + "'\n" + DATA + GRID, "t.yaml").outputDir().toString();

            assertThat(dir).as(name).startsWith("reports/").doesNotContain("/..").hasSizeLessThanOrEqualTo(108);
            assertThat(Path.of(dir).normalize().getParent()).as(name).isEqualTo(Path.of("reports"));
            assertThat(Path.of(dir).getFileName().toString()).as(name).doesNotStartWith(".");
        }
    }

    /** Config files from Windows: a byte-order mark and CRLF line ends are read; other encodings are one clear line. */
    @Test
    void aConfigWithAByteOrderMarkAndWindowsLineEndsIsReadAndLatin1IsOneClearLine(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        byte[] text = ("\uFEFFname: caf\u00e9\r\n" + DATA.replace("\n", "\r\n") + GRID.replace("\n", "\r\n"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path windows = java.nio.file.Files.write(dir.resolve("windows.yaml"), text);
        Path latin1 = java.nio.file.Files.write(dir.resolve("latin1.yaml"), ("name: caf\u00e9\n" + DATA + GRID)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(ConfigLoader.load(windows).name()).isEqualTo("caf\u00e9");
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).isInstanceOf(SweepInputException.class)
                .hasMessage(latin1 + ": not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')");
    }
}
