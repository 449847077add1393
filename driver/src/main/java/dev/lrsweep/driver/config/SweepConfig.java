package dev.lrsweep.driver.config;

import java.nio.file.Path;

/**
 * A whole sweep as the user configured it, every default filled in by {@link ConfigLoader}.
 *
 * @param name   names the sweep, its Spark job and its default output directory
 * @param data   where the dataset comes from
 * @param model  the model every fit trains
 * @param init   the parameters every fit starts from
 * @param grid   the learning rates and step counts to sweep
 * @param rangeTest the learning-rate range test's settings
 * @param fit    how a fit judges divergence
 * @param regimes thresholds of the regime rules
 * @param spark  where and how Spark runs the sweep
 * @param output where the result files go
 */
public record SweepConfig(String name, DataConfig data, ModelConfig model, InitConfig init, GridConfig grid,
                          RangeTestConfig rangeTest, FitConfig fit,
                          RegimeConfig regimes, SparkConfig spark, OutputConfig output) {

    /** The same sweep writing to another directory. */
    public SweepConfig withOutputDir(Path dir) {
        return new SweepConfig(name, data, model, init, grid, rangeTest, fit, regimes, spark, new OutputConfig(dir.toString()));
    }
}
