package dev.lrsweep.driver;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code find} share: the config, the master and the out dir. */
final class SweepOptions {

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${sys:lrsweep.home:-.}/conf/sweep.yaml",
            description = "The sweep's YAML config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL, overriding spark-submit's and the config's spark.master: local[*], "
                    + "local[2], spark://host:7077, yarn, k8s://…")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "Out dir, overriding output.dir.")
    Path out;

    /**
     * The config, with {@code --out} applied.
     *
     * @throws SweepInputException for a bad config or an empty {@code --out}
     */
    SweepConfig load() {
        SweepConfig sweep = ConfigLoader.load(config);
        if (out != null) {
            if (out.toString().isBlank()) {
                throw new SweepInputException("--out: must not be empty (it would write into the current folder)");
            }
            sweep = sweep.withOutputDir(out);
        }
        return sweep;
    }

    /** Where relative data paths are resolved: the config's folder. */
    Path configDir() {
        return config.toAbsolutePath().getParent();
    }
}
