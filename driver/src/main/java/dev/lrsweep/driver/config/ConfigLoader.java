package dev.lrsweep.driver.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a sweep's YAML config, rejects unknown keys and bad values with one line naming the key and
 * the value, and fills in every default. The defaults live here and nowhere else:
 * <ul>
 *   <li>{@code name}: {@value #DEFAULT_NAME}</li>
 *   <li>{@code data.synthetic}: {@code rows} {@value #DEFAULT_ROWS}, {@code bias} 0, {@code noise} 0,
 *       {@code seed} {@value #DEFAULT_SEED}; {@code weights} required</li>
 *   <li>{@code data.synthetic.task}: regression</li>
 *   <li>{@code model}: {@code kind} linear; for an mlp {@code hidden} [{@value #DEFAULT_HIDDEN}],
 *       {@code activation} tanh, {@code loss} mse</li>
 *   <li>{@code init}: linear and logistic: weights all zero, bias 0; mlp: {@code seed}
 *       {@value #DEFAULT_INIT_SEED}</li>
 *   <li>{@code grid.rates_per_task}: the model family's ({@link dev.lrsweep.worker.model.ModelSpec#defaultRatesPerTask}:
 *       64 for linear least squares, 8 for logistic regression and networks); {@code grid.learning_rates}
 *       range {@code scale}: log; {@code grid.optimizers}: [gd] (momentum and nesterov β 0.9, Adam's β₁, β₂,
 *       ε PyTorch's); {@code grid.batch_sizes}: [full]; {@code grid.seeds}: 1</li>
 *   <li>{@code grid.learning_rates: auto}: {@value #DEFAULT_AUTO_RATES} rates; {@code range_test}: from
 *       {@value #DEFAULT_RANGE_FROM} to {@value #DEFAULT_RANGE_TO} in {@value #DEFAULT_RANGE_STEPS} steps, stop
 *       factor {@value #DEFAULT_RANGE_STOP_FACTOR}, smoothing {@value #DEFAULT_RANGE_SMOOTHING}</li>
 *   <li>{@code fit.divergence_factor}: {@value #DEFAULT_DIVERGENCE_FACTOR}; {@code fit.mode}: batched; {@code fit.precision}: float64</li>
 *   <li>{@code regimes}: {@code converged_tolerance} {@value #DEFAULT_CONVERGED_TOLERANCE},
 *       {@code oscillation_window} {@value #DEFAULT_OSCILLATION_WINDOW}, {@code oscillation_share}
 *       {@value #DEFAULT_OSCILLATION_SHARE}, {@code sensitivity} auto</li>
 *   <li>{@code spark.master}: {@value #DEFAULT_MASTER}, {@code spark.settings}: none</li>
 *   <li>{@code output.dir}: {@code reports/<name>} (see {@link ConfigDefaults#directoryName})</li>
 * </ul>
 * Limits: step counts 1 to {@value #MAX_STEPS}, at most {@value #MAX_RATES} rates, 1 to {@value #MAX_SEEDS} seeds, an oscillation
 * window of 1 to {@value #MAX_OSCILLATION_WINDOW}, at most {@value #MAX_VALUES} data values.
 */
public final class ConfigLoader {
    public static final String DEFAULT_NAME = "sweep";
    public static final int DEFAULT_ROWS = 100;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_HIDDEN = 16;
    public static final long DEFAULT_INIT_SEED = 0;
    /** The widest hidden layer. */
    public static final int MAX_HIDDEN = 4096;
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e6;
    public static final String DEFAULT_MASTER = "local[*]";
    public static final double DEFAULT_CONVERGED_TOLERANCE = 0.01;
    public static final int DEFAULT_OSCILLATION_WINDOW = 10;
    public static final double DEFAULT_OSCILLATION_SHARE = 0.5;
    /** The largest step count: a billion steps take days even on the smallest data. */
    public static final int MAX_STEPS = 1_000_000_000;
    /** How many rates {@code grid.learning_rates: auto} lays. */
    public static final int DEFAULT_AUTO_RATES = 20;
    /** The range test's defaults: fastai's {@code lr_find}. */
    public static final double DEFAULT_RANGE_FROM = 1e-7;
    public static final double DEFAULT_RANGE_TO = 10;
    public static final int DEFAULT_RANGE_STEPS = 100;
    /**
     * A range test's most steps: it records every step (rate, loss, smoothed loss), and a million steps on the
     * default data took 35 s, peaked at 1.1 GB and wrote 135 MB of files (measured, docs/memory-model.md);
     * fastai and Lightning take 100.
     */
    public static final int MAX_RANGE_STEPS = 1_000_000;
    public static final double DEFAULT_RANGE_STOP_FACTOR = 4;
    public static final double DEFAULT_RANGE_SMOOTHING = 0.98;
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

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /**
     * Reads and checks the config file.
     *
     * @throws SweepInputException if the file is missing or unreadable, or any key or value is bad
     */
    public static SweepConfig load(Path file) {
        String text;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new SweepInputException(file + ": not a regular file (a config is a YAML file)");
            }
            if (Files.exists(file) && Files.size(file) > MAX_CONFIG_BYTES) {
                throw new SweepInputException(file + ": " + Files.size(file) + " bytes, too large for a sweep's config "
                        + "(at most " + MAX_CONFIG_BYTES + ")");
            }
            text = TextFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new SweepInputException(file + ": config file not found");
        } catch (CharacterCodingException e) {
            throw new SweepInputException(file + ": " + TextFiles.ENCODING_ADVICE);
        } catch (AccessDeniedException e) {
            throw new SweepInputException(file + ": cannot read config file (permission denied)");
        } catch (IOException e) {
            throw new SweepInputException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and checks config text; {@code source} names it in error messages. */
    public static SweepConfig parse(String text, String source) {
        SweepConfig raw;
        try (JsonParser parser = YAML.createParser(text)) {
            JsonNode tree = YAML.readTree(parser);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new SweepInputException(source + ": config is empty");
            }
            if (parser.nextToken() != null) {
                throw new SweepInputException(source + ": holds more than one YAML document (one sweep per file)");
            }
            raw = YAML.treeToValue(tree, SweepConfig.class);
        } catch (JacksonException e) {
            throw new SweepInputException(source + ": " + JacksonErrors.describe(e, "YAML"));
        } catch (IOException e) {
            throw new SweepInputException(source + ": cannot read config: " + e.getMessage());
        }
        try {
            return ConfigDefaults.complete(raw);
        } catch (SweepInputException e) {
            throw new SweepInputException(source + ": " + e.getMessage());
        }
    }

    /** The config as a tree of maps and lists with the file's key names; used for provenance. */
    public static Map<String, Object> asTree(SweepConfig config) {
        return YAML.convertValue(config, new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }
}
