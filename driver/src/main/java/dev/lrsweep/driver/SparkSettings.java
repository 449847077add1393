package dev.lrsweep.driver;

import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep, from lowest to highest precedence: {@code conf/spark-defaults.conf}
 * of the installation (found through the {@code lrsweep.home} system property that {@code bin/sweep}
 * sets), the config's {@code spark.settings}, then its {@code spark.master}.
 */
final class SparkSettings {
    static final String HOME_PROPERTY = "lrsweep.home";

    private SparkSettings() {
    }

    static SparkConf of(SweepConfig config) {
        SparkConf conf = new SparkConf(false);
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            Path defaults = Path.of(home, "conf", "spark-defaults.conf");
            if (Files.isRegularFile(defaults)) {
                defaults(defaults).forEach((key, value) -> conf.set(key.toString(), value.toString().trim()));
            }
        }
        config.spark().settings().forEach(conf::set);
        return conf.setMaster(config.spark().master()).setAppName("lrsweep: " + config.name());
    }

    /** Spark's own format: one {@code key value} per line, {@code #} comments, as {@link Properties} reads it. */
    private static Properties defaults(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SweepInputException(file + ": cannot read: " + e.getMessage());
        }
        return properties;
    }
}
