package dev.lrsweep.driver;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code find} share: the config, the master, the out dir and the jars. */
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

    @Option(names = "--jars", paramLabel = "JAR", split = ",",
            description = "Jars with your own model's class (model.class) and what it needs, comma-separated: on "
                    + "this driver's classpath, and sent to the executors (spark.jars).")
    List<Path> jars = List.of();

    /**
     * The config, with {@code --out} applied.
     *
     * @throws SweepInputException for a bad config or an empty {@code --out}
     */
    SweepConfig load() {
        addJars();
        SweepConfig sweep = ConfigLoader.load(config);
        if (!jars.isEmpty()) {
            sweep = sweep.withJars(jars);
        }
        if (out != null) {
            if (out.toString().isBlank()) {
                throw new SweepInputException("--out: must not be empty (it would write into the current folder)");
            }
            sweep = sweep.withOutputDir(out);
        }
        return sweep;
    }

    /**
     * Puts {@code --jars} on this thread's class loader, where a config's {@code model.class} is loaded from (and
     * where Spark's tasks in local mode load it).
     *
     * @throws SweepInputException for a jar that is not a readable file
     */
    private void addJars() {
        if (jars.isEmpty()) {
            return;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = jars.get(i);
            if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
                throw new SweepInputException("--jars: " + jar + ": " + (Files.exists(jar) ? "not a readable file"
                        : "no such file"));
            }
            try {
                urls[i] = jar.toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new SweepInputException("--jars: " + jar + ": " + e.getMessage(), e);
            }
        }
        Thread thread = Thread.currentThread();
        thread.setContextClassLoader(new URLClassLoader(urls, thread.getContextClassLoader()));
    }

    /** Where relative data paths are resolved: the config's folder. */
    Path configDir() {
        return config.toAbsolutePath().getParent();
    }
}
