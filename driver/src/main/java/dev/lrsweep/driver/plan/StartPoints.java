package dev.lrsweep.driver.plan;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lrsweep.driver.config.InitConfig;
import dev.lrsweep.driver.config.JacksonErrors;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.TextFiles;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The point every fit of a sweep starts from, as the config says: {@code init.weights} and
 * {@code init.bias} (linear, logistic), a seeded draw ({@code init.seed}; an mlp's default), zeros (softmax's
 * default), or the parameters in
 * {@code init.file}: a JSON object with one entry per array, as results.json's {@code start} holds
 * them, or a results.json itself, whose start is taken.
 */
public final class StartPoints {
    /** The largest start file read. */
    static final long MAX_FILE_BYTES = 256L << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // a second object after the first is not a start file (Jackson would read the first and drop the rest)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StartPoints() {
    }

    /**
     * @throws SweepInputException for a file that cannot be read, is not JSON, or whose arrays do not
     *         match the model on this data, naming the array
     */
    public static Parameters of(InitConfig init, Layout layout, Path configDir) {
        if (init instanceof InitConfig.FromFile file) {
            return read(configDir.resolve(file.path()).normalize(), layout);
        }
        if (init instanceof InitConfig.Drawn drawn) {
            return drawn.scheme().draw(layout, drawn.seed());
        }
        if (init instanceof InitConfig.Zeros) {
            return Parameters.filled(layout, 0);
        }
        InitConfig.Given given = (InitConfig.Given) init;
        int features = layout.arrays().get(0).size();
        double[] weights = given.weights() == null ? new double[features] : given.weights();
        if (weights.length != features) {
            throw new SweepInputException("init.weights: " + weights.length + " values, but the data has "
                    + features + " feature" + (features == 1 ? "" : "s"));
        }
        return Parameters.fromTree(layout, Map.of("weights", java.util.Arrays.stream(weights).boxed().toList(),
                "bias", given.bias()));
    }

    /** Where {@link #of} takes the start from, in words: the init file's path, the seed, or the config's values. */
    public static String source(InitConfig init, Path configDir) {
        if (init instanceof InitConfig.FromFile file) {
            return "init.file " + configDir.resolve(file.path()).normalize();
        }
        if (init instanceof InitConfig.Drawn drawn) {
            return "init.seed " + drawn.seed() + " (" + drawn.scheme().label() + ")";
        }
        return init instanceof InitConfig.Given given && given.weights() != null ? "init.weights and init.bias"
                : "the default start";
    }

    private static Parameters read(Path file, Layout layout) {
        Map<String, Object> tree;
        try {
            if (Files.exists(file) && (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES)) {
                throw new SweepInputException("init.file: " + file + ": not a regular file of at most " + MAX_FILE_BYTES
                        + " bytes");
            }
            tree = JSON.readValue(TextFiles.read(file), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        } catch (NoSuchFileException e) {
            throw new SweepInputException("init.file: " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new SweepInputException("init.file: " + file + ": " + TextFiles.ENCODING_ADVICE);
        } catch (JacksonException e) {
            throw new SweepInputException("init.file: " + file + ": " + JacksonErrors.describe(e, "JSON"));
        } catch (IOException e) {
            throw new SweepInputException("init.file: " + file + ": cannot read: " + e.getMessage());
        }
        if (tree == null) {
            throw new SweepInputException("init.file: " + file + ": holds null, not an object of arrays");
        }
        if (tree.get("start") instanceof Map<?, ?> start && layout.indexOf("start") < 0) {
            tree = cast(start);
        }
        try {
            return Parameters.fromTree(layout, tree);
        } catch (IllegalArgumentException e) {
            throw new SweepInputException("init.file: " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
