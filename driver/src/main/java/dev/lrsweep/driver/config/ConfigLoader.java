package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lrsweep.worker.Precision;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a sweep's YAML config, rejects unknown keys and bad values with one line naming the key and the value,
 * and fills in every default ({@link ConfigDefaults}).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .addMixIn(Precision.class, Labelled.class)
            .build();

    private ConfigLoader() {
    }

    /**
     * Reads and checks the config file.
     *
     * @throws SweepInputException if the file is missing or unreadable, or any key or value is bad
     */
    public static SweepConfig load(Path file) {
        return parse(text(file), file.toString());
    }

    /**
     * The config file's text.
     *
     * @throws SweepInputException if the file is missing, unreadable, not text or too large
     */
    public static String text(Path file) {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new SweepInputException(file + ": not a regular file (a config is a YAML file)");
            }
            if (Files.exists(file) && Files.size(file) > ConfigDefaults.MAX_CONFIG_BYTES) {
                throw new SweepInputException(file + ": " + Files.size(file) + " bytes, too large for a sweep's config "
                        + "(at most " + ConfigDefaults.MAX_CONFIG_BYTES + ")");
            }
            return TextFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new SweepInputException(file + ": config file not found");
        } catch (CharacterCodingException e) {
            throw new SweepInputException(file + ": " + TextFiles.ENCODING_ADVICE);
        } catch (AccessDeniedException e) {
            throw new SweepInputException(file + ": cannot read config file (permission denied)");
        } catch (IOException e) {
            throw new SweepInputException(file + ": cannot read config file: " + e.getMessage());
        }
    }

    /** Parses and checks config text; {@code source} names it in error messages. */
    public static SweepConfig parse(String text, String source) {
        return complete(read(text, source), source);
    }

    /**
     * Config text as a tree of maps and lists, its YAML read and nothing else checked (the Java API's configs, to
     * which it may add the rows it is given before {@link #check}).
     */
    public static Map<String, Object> tree(String text, String source) {
        JsonNode tree = read(text, source);
        if (!tree.isObject()) {
            throw new SweepInputException(source + ": a config is a map of keys, not " + tree.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return YAML.convertValue(tree, new TypeReference<>() { });
    }

    /** Checks a config given as a tree of maps and lists, as {@link #parse} checks a file's. */
    public static SweepConfig check(Map<String, Object> tree, String source) {
        return complete(YAML.valueToTree(tree), source);
    }

    private static JsonNode read(String text, String source) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonNode tree = YAML.readTree(parser);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new SweepInputException(source + ": config is empty");
            }
            if (parser.nextToken() != null) {
                throw new SweepInputException(source + ": holds more than one YAML document (one sweep per file)");
            }
            return tree;
        } catch (JacksonException e) {
            throw new SweepInputException(source + ": " + JacksonErrors.describe(e, "YAML"));
        } catch (IOException e) {
            throw new SweepInputException(source + ": cannot read config: " + e.getMessage());
        }
    }

    private static SweepConfig complete(JsonNode tree, String source) {
        ConfigFile.Sweep raw;
        try {
            raw = YAML.treeToValue(tree, ConfigFile.Sweep.class);
        } catch (JacksonException e) {
            throw new SweepInputException(source + ": " + JacksonErrors.describe(e, "YAML"));
        }
        try {
            return ConfigCheck.complete(raw);
        } catch (SweepInputException e) {
            throw new SweepInputException(source + ": " + e.getMessage());
        }
    }

    /**
     * The checked config as a tree of maps and lists in the file's form, every default written out: the config
     * results.json and the journal record.
     */
    public static Map<String, Object> asTree(SweepConfig config) {
        return YAML.convertValue(ConfigFile.of(config), new TypeReference<>() { });
    }

    /** Reads and writes an enum of the worker's by its label, as the config's own enums are. */
    private abstract static class Labelled {
        @JsonValue
        abstract String label();
    }
}
