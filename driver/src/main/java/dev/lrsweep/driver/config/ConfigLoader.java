package dev.lrsweep.driver.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a sweep's YAML config, rejects unknown keys and bad values with one line naming the key and
 * the value, and fills in every default. The defaults live here and nowhere else:
 * <ul>
 *   <li>{@code name}: {@value #DEFAULT_NAME}</li>
 *   <li>{@code data.synthetic}: {@code rows} {@value #DEFAULT_ROWS}, {@code bias} 0, {@code noise} 0,
 *       {@code seed} {@value #DEFAULT_SEED}; {@code weights} required</li>
 *   <li>{@code init}: weights all zero, bias 0</li>
 *   <li>{@code grid.rates_per_task}: {@value #DEFAULT_RATES_PER_TASK}; {@code grid.learning_rates}
 *       range {@code scale}: log</li>
 *   <li>{@code fit.divergence_factor}: {@value #DEFAULT_DIVERGENCE_FACTOR}; {@code fit.mode}: batched</li>
 *   <li>{@code regimes}: {@code converged_tolerance} {@value #DEFAULT_CONVERGED_TOLERANCE},
 *       {@code oscillation_window} {@value #DEFAULT_OSCILLATION_WINDOW}, {@code oscillation_share}
 *       {@value #DEFAULT_OSCILLATION_SHARE}</li>
 *   <li>{@code spark.master}: {@value #DEFAULT_MASTER}, {@code spark.settings}: none</li>
 *   <li>{@code output.dir}: {@code reports/<name>}</li>
 * </ul>
 */
public final class ConfigLoader {
    public static final String DEFAULT_NAME = "sweep";
    public static final int DEFAULT_ROWS = 100;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_RATES_PER_TASK = 64;
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e6;
    public static final String DEFAULT_MASTER = "local[*]";
    public static final double DEFAULT_CONVERGED_TOLERANCE = 0.01;
    public static final int DEFAULT_OSCILLATION_WINDOW = 10;
    public static final double DEFAULT_OSCILLATION_SHARE = 0.5;

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
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SweepInputException(file + ": config file not found");
        } catch (IOException e) {
            throw new SweepInputException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and checks config text; {@code source} names it in error messages. */
    public static SweepConfig parse(String text, String source) {
        SweepConfig raw;
        try {
            if (YAML.readTree(text).isMissingNode()) {
                throw new SweepInputException(source + ": config is empty");
            }
            raw = YAML.readValue(text, SweepConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new SweepInputException(source + ": unknown key '" + path(e) + "' (known here: " + known + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof SweepInputException input) {
                throw new SweepInputException(source + ": " + input.getMessage());
            }
            throw new SweepInputException(source + ": " + path(e) + ": " + e.getOriginalMessage().lines()
                    .findFirst().orElse("invalid value"));
        } catch (JsonProcessingException e) {
            throw new SweepInputException(source + ": not valid YAML at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        try {
            return ConfigDefaults.complete(raw);
        } catch (SweepInputException e) {
            throw new SweepInputException(source + ": " + e.getMessage());
        }
    }

    /** The dotted key of the value an exception is about, e.g. {@code grid.steps[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    /** The config as a tree of maps and lists with the file's key names; used for provenance. */
    public static Map<String, Object> asTree(SweepConfig config) {
        return YAML.convertValue(config, new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }
}
