package dev.lrsweep.driver.api;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.GivenDataConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's config for the Java API: a YAML file or text as {@code bin/sweep run} reads, or one built in code. It is
 * checked, every key as a file's, when {@link Sweep#run} runs it; a config for rows given as a {@code Dataset<Row>}
 * leaves {@code data.synthetic}, {@code data.csv} and {@code data.table} out ({@code data.standardize} and
 * {@code data.validation} apply).
 */
public final class SweepSpec {
    private final Map<String, Object> tree;
    private final String source;
    private final Path configDir;

    private SweepSpec(Map<String, Object> tree, String source, Path configDir) {
        this.tree = tree;
        this.source = source;
        this.configDir = configDir;
    }

    /**
     * The config in a YAML file; its relative data paths are resolved from the file's folder.
     *
     * @throws SweepInputException if the file cannot be read or is not YAML, in one line
     */
    public static SweepSpec fromYaml(Path file) {
        return new SweepSpec(ConfigLoader.tree(ConfigLoader.text(file), file.toString()), file.toString(),
                file.toAbsolutePath().getParent());
    }

    /** The config in YAML text; its relative data paths are resolved from the working directory. */
    public static SweepSpec fromYaml(String text) {
        return new SweepSpec(ConfigLoader.tree(text, "the config text"), "the config text", workingDirectory());
    }

    /** A config built in code, key by key. */
    public static Builder builder() {
        return new Builder();
    }

    /** The config checked, with the {@code given} rows as its data source where not null. */
    SweepConfig config(GivenDataConfig given) {
        Map<String, Object> checked = copy(tree);
        if (given != null) {
            Map<String, Object> data = child(checked, "data", "data");
            for (String key : List.of("synthetic", "csv", "table")) {
                if (data.containsKey(key)) {
                    throw new SweepInputException(source + ": data." + key + ": the rows are given as a Dataset<Row>; "
                            + "leave data." + key + " out");
                }
            }
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("path", "(the Dataset<Row> given)");
            table.put("label", given.label());
            if (!given.features().isEmpty()) {
                table.put("features", given.features());
            }
            data.put("table", table);
        }
        SweepConfig config = ConfigLoader.check(checked, source);
        return given == null ? config : config.withSource(given);
    }

    Path configDir() {
        return configDir;
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> tree) {
        Map<String, Object> copy = new LinkedHashMap<>();
        tree.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> map ? copy((Map<String, Object>) map)
                : value));
        return copy;
    }

    /** The map under {@code key}, made where missing; a one-line error where {@code key} holds something else. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key, String path) {
        Object value = parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        if (!(value instanceof Map<?, ?>)) {
            throw new SweepInputException(path + ": a map of keys, not " + value);
        }
        return (Map<String, Object>) value;
    }

    /** Builds a config key by key; every key and value is checked when the sweep runs, as a file's. */
    public static final class Builder {
        private final Map<String, Object> tree = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets a key, by its dotted path in a config file, e.g. {@code set("grid.rates_per_task", 8)} or
         * {@code set("data.csv", Map.of("path", "data.csv", "label", "y"))}; values are numbers, strings, booleans,
         * lists and maps, as YAML's.
         */
        public Builder set(String key, Object value) {
            String[] parts = key.split("\\.");
            Map<String, Object> map = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                map = child(map, parts[i], String.join(".", Arrays.copyOf(parts, i + 1)));
            }
            map.put(parts[parts.length - 1], value);
            return this;
        }

        /** {@code name}: the sweep's name. */
        public Builder name(String name) {
            return set("name", name);
        }

        /** {@code model: {class, options}}: a model of your own. */
        public Builder model(String className, Map<String, Object> options) {
            return set("model.class", className).set("model.options", options);
        }

        /** {@code grid.learning_rates}: {@code count} rates from {@code from} to {@code to}, evenly in log scale. */
        public Builder learningRates(double from, double to, int count) {
            Map<String, Object> rates = new LinkedHashMap<>();
            rates.put("from", from);
            rates.put("to", to);
            rates.put("count", count);
            rates.put("scale", "log");
            return set("grid.learning_rates", rates);
        }

        /** {@code grid.steps}: the step counts each rate's fit records. */
        public Builder steps(int... steps) {
            List<Integer> counts = new ArrayList<>();
            for (int step : steps) {
                counts.add(step);
            }
            return set("grid.steps", counts);
        }

        /** {@code grid.optimizers}: names ({@code "gd"}, {@code "adam"}) or maps ({@code Map.of("momentum", 0.9)}). */
        public Builder optimizers(Object... optimizers) {
            return set("grid.optimizers", List.of(optimizers));
        }

        /** The config; relative data paths are resolved from the working directory. */
        public SweepSpec build() {
            return new SweepSpec(copy(tree), "the config built in code", workingDirectory());
        }
    }
}
