package dev.lrsweep.driver.config;

import dev.lrsweep.worker.model.ModelSpec;
import java.nio.file.Path;

/**
 * A whole sweep as the user configured it, checked, every default filled in by {@link ConfigLoader} (the defaults
 * are {@link ConfigDefaults}').
 *
 * @param name      names the sweep, its Spark job and its default output directory
 * @param data      where the dataset comes from
 * @param model     the model every fit trains; a softmax model's number of classes is 0 here, unknown until the
 *                  labels are read ({@link ModelSpec#withClasses})
 * @param init      the parameters every fit starts from
 * @param grid      the learning rates and step counts to sweep
 * @param rangeTest the learning-rate range test's settings
 * @param fit       how fits are run and judged
 * @param regimes   thresholds of the regime rules
 * @param spark     where and how Spark runs the sweep
 * @param outputDir where the result files go
 */
public record SweepConfig(String name, DataConfig data, ModelSpec model, InitConfig init, GridConfig grid,
                          RangeTestConfig rangeTest, FitConfig fit, RegimeConfig regimes, SparkConfig spark,
                          Path outputDir) {
    /** Spark's setting of the jars its executors add to their classpath. */
    private static final String JARS = "spark.jars";

    /**
     * The same sweep sending {@code jars} to the executors too: added to {@code spark.settings}'s {@code spark.jars},
     * as {@code --jars} does.
     */
    public SweepConfig withJars(java.util.List<Path> jars) {
        java.util.Map<String, String> settings = new java.util.TreeMap<>(spark.settings());
        java.util.List<String> all = new java.util.ArrayList<>();
        if (settings.containsKey(JARS) && !settings.get(JARS).isBlank()) {
            all.add(settings.get(JARS));
        }
        jars.forEach(jar -> all.add(jar.toAbsolutePath().normalize().toString()));
        settings.put(JARS, String.join(",", all));
        return new SweepConfig(name, data, model, init, grid, rangeTest, fit, regimes,
                new SparkConfig(spark.master(), settings), outputDir);
    }

    /** The same sweep on rows from {@code source}, standardised and split for validation as its config says. */
    public SweepConfig withSource(DataConfig.Source source) {
        return new SweepConfig(name, new DataConfig(source, data.standardize(), data.validation()), model, init, grid,
                rangeTest, fit, regimes, spark, outputDir);
    }

    /** The same sweep writing to another directory. */
    public SweepConfig withOutputDir(Path dir) {
        return new SweepConfig(name, data, model, init, grid, rangeTest, fit, regimes, spark, dir);
    }
}
