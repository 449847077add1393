package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A config file's form, key for key as written: every key may be missing (null), and nothing is checked but
 * the YAML's types. {@link ConfigCheck} turns it into the checked {@link SweepConfig}; {@link #of} writes a
 * checked config back in this form, every default filled in, for results.json and the journal.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /** The whole file. */
    record Sweep(String name, Data data, Model model, Init init, Grid grid, RangeTest rangeTest, Fit fit,
                 Regimes regimes, Spark spark, Output output) {
    }

    /** {@code data}: exactly one of the three sources is meant to be set. */
    record Data(Synthetic synthetic, Csv csv, Table table, Boolean standardize, Validation validation, Image image) {
    }

    /** {@code data.image}: each row's features as one image of {@code shape}, [channels, height, width]. */
    record Image(int[] shape) {
    }

    /** {@code data.synthetic}. */
    record Synthetic(Integer rows, String task, double[] weights, Double bias, Double noise, Long seed) {
    }

    /** {@code data.csv}. */
    record Csv(String path, String label) {
    }

    /** {@code data.table}. */
    record Table(String path, String format, String label, List<String> features) {
    }

    /** {@code data.validation}. */
    record Validation(Double fraction, Long seed) {
    }

    /** {@code model}; {@code class} and {@code options} name a model of your own. */
    record Model(String kind, int[] hidden, String activation, String loss, List<Map<String, LayerKeys>> layers,
                 @JsonProperty("class") String className, Map<String, Object> options) {
    }

    /** {@code init}. */
    record Init(double[] weights, Double bias, Long seed, String file, String scheme) {
    }

    /** {@code grid}. */
    record Grid(Rates learningRates, int[] steps, Integer ratesPerTask, List<OptimizerConfig> optimizers,
                List<ScheduleConfig> schedules, double[] weightDecays, Boolean decayBiases, List<BatchSize> batchSizes,
                Integer seeds) {
    }

    /**
     * {@code grid.learning_rates}: a list ({@code [0.01, 0.1, 1]}), a range ({@code {from, to, count, scale}}) or
     * {@code auto} ({@code auto} or {@code {auto: true, count}}); exactly one of list and range is set.
     */
    @JsonDeserialize(using = RatesReader.class)
    record Rates(double[] list, RateRange range) {

        /** The list or the range, as written. */
        @JsonValue
        Object asWritten() {
            return range != null ? range : list;
        }
    }

    /** {@code grid.learning_rates} as a mapping: a range, or {@code auto: true} with a count. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RateRange(Double from, Double to, Integer count, LearningRates.Scale scale, Boolean auto) {
    }

    /** Reads a YAML sequence as a list, a mapping as a range (whose keys are checked like all others). */
    static final class RatesReader extends JsonDeserializer<Rates> {
        @Override
        public Rates deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isArray()) {
                return new Rates(context.readTreeAsValue(node, double[].class), null);
            }
            if (node.isTextual() && node.asText().equals("auto")) {
                return new Rates(null, new RateRange(null, null, null, null, true));
            }
            if (node.isObject()) {
                return new Rates(null, context.readTreeAsValue(node, RateRange.class));
            }
            throw new SweepInputException("grid.learning_rates: expected a list, {from, to, count, scale} or auto, got '"
                    + node.asText() + "'");
        }
    }

    /** {@code range_test}. */
    record RangeTest(Double from, Double to, Integer steps, Double stopFactor, Double smoothing) {
    }

    /** {@code fit}. */
    record Fit(Double divergenceFactor, FitConfig.Mode mode, Precision precision, FitConfig.Parallelism parallelism) {
    }

    /** {@code regimes}. */
    record Regimes(Double convergedTolerance, Integer oscillationWindow, Double oscillationShare,
                   RegimeConfig.Sensitivity sensitivity) {
    }

    /** {@code spark}. */
    record Spark(String master, Map<String, String> settings) {
    }

    /** {@code output}. */
    record Output(String dir) {
    }

    /** A checked config in the file's form, every default written out. */
    static Sweep of(SweepConfig config) {
        Shape image = config.model().image();
        Data data = data(config.data());
        if (image != null) {
            data = new Data(data.synthetic(), data.csv(), data.table(), data.standardize(), data.validation(),
                    new Image(new int[] {image.channels(), image.height(), image.width()}));
        }
        return new Sweep(config.name(), data, model(config.model()), init(config.init()),
                grid(config.grid()), rangeTest(config.rangeTest()), fit(config.fit()), regimes(config.regimes()),
                new Spark(config.spark().master(), config.spark().settings()),
                new Output(config.outputDir().toString()));
    }

    /** How results.json names rows given as a Dataset. */
    private static final String GIVEN = "a Dataset<Row> given to the Java API";

    private static Data data(DataConfig data) {
        Validation validation = data.validation() == null ? null
                : new Validation(data.validation().fraction(), data.validation().seed());
        DataConfig.Source source = data.source();
        return new Data(source instanceof SyntheticDataConfig s
                ? new Synthetic(s.rows(), s.task().label(), s.weights(), s.bias(), s.classification() ? null : s.noise(),
                        s.seed()) : null,
                source instanceof CsvDataConfig c ? new Csv(c.path(), c.label()) : null,
                source instanceof TableDataConfig t ? new Table(t.path(), t.format().label(), t.label(),
                        t.features().isEmpty() ? null : t.features())
                        : source instanceof GivenDataConfig g ? new Table("(" + GIVEN + ")", null, g.label(),
                        g.features().isEmpty() ? null : g.features()) : null,
                data.standardize(), validation, null);
    }

    private static Model model(ModelSpec model) {
        if (model.kind() == ModelSpec.Kind.CUSTOM) {
            return new Model(model.kind().label(), null, null, null, null, model.custom().name(),
                    model.custom().options());
        }
        if (model.kind() == ModelSpec.Kind.NETWORK) {
            return new Model(model.kind().label(), null, null, model.loss().label(),
                    model.layers().stream().map(LayerKeys::of).toList(), null, null);
        }
        return model.kind() == ModelSpec.Kind.MLP
                ? new Model(model.kind().label(), model.hidden(), model.activation().label(), model.loss().label(), null,
                        null, null)
                : new Model(model.kind().label(), null, null, model.loss().label(), null, null, null);
    }

    private static Init init(InitConfig init) {
        if (init instanceof InitConfig.Given given) {
            return new Init(given.weights(), given.bias(), null, null, null);
        }
        if (init instanceof InitConfig.Drawn drawn) {
            return new Init(null, null, drawn.seed(), null, drawn.scheme().label());
        }
        return new Init(null, null, null, init instanceof InitConfig.FromFile file ? file.path() : null, null);
    }

    private static Grid grid(GridConfig grid) {
        Rates rates;
        if (grid.learningRates() instanceof LearningRates.Listed listed) {
            rates = new Rates(listed.rates(), null);
        } else if (grid.learningRates() instanceof LearningRates.Range range) {
            rates = new Rates(null, new RateRange(range.from(), range.to(), range.count(), range.scale(), null));
        } else {
            rates = new Rates(null, new RateRange(null, null, ((LearningRates.Auto) grid.learningRates()).count(),
                    null, true));
        }
        return new Grid(rates, grid.steps(), grid.ratesPerTask(),
                grid.optimizers().stream().map(OptimizerConfig::new).toList(),
                grid.schedules().stream().map(ScheduleConfig::new).toList(), grid.weightDecays(), grid.decayBiases(),
                grid.batchSizes(), grid.seeds());
    }

    private static RangeTest rangeTest(RangeTestConfig test) {
        return new RangeTest(test.from(), test.to(), test.steps(), test.stopFactor(), test.smoothing());
    }

    private static Fit fit(FitConfig fit) {
        return new Fit(fit.divergenceFactor(), fit.mode(), fit.precision(), fit.parallelism());
    }

    private static Regimes regimes(RegimeConfig regimes) {
        return new Regimes(regimes.convergedTolerance(), regimes.oscillationWindow(), regimes.oscillationShare(),
                regimes.sensitivity());
    }
}
