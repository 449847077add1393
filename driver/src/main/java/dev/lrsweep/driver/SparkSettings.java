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
 * sets), the config's {@code spark.settings}, then what {@code spark-submit} was given (it hands its
 * {@code --master} and {@code --conf} settings over as {@code spark.*} system properties). The
 * master is, in that order: {@code --master} of {@code sweep run}, {@code spark-submit}'s, the
 * config's {@code spark.master}.
 *
 * <p>On a local master nothing listens beyond this machine: the driver binds to 127.0.0.1, and the
 * Spark UI, which Spark binds to every interface unless {@code SPARK_LOCAL_IP} names one, is off
 * unless {@code SPARK_LOCAL_IP} is a loopback address. Settings the user gives win.
 */
final class SparkSettings {
    static final String HOME_PROPERTY = "lrsweep.home";
    private static final String LOOPBACK = "127.0.0.1";

    private SparkSettings() {
    }

    /**
     * The sweep's Spark configuration.
     *
     * @param masterOverride the {@code --master} given to {@code sweep run}, or null
     */
    static SparkConf of(SweepConfig config, String masterOverride) {
        SparkConf submitted = new SparkConf(true);
        SparkConf conf = new SparkConf(false);
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            Path defaults = Path.of(home, "conf", "spark-defaults.conf");
            if (Files.isRegularFile(defaults)) {
                defaults(defaults).forEach((key, value) -> conf.set(key.toString(), value.toString().trim()));
            }
        }
        String master = masterOverride != null ? masterOverride
                : submitted.contains("spark.master") ? submitted.get("spark.master") : config.spark().master();
        if (master.startsWith("local")) {
            conf.set("spark.driver.bindAddress", LOOPBACK);
            conf.set("spark.driver.host", LOOPBACK);
            conf.set("spark.ui.enabled", Boolean.toString(isLoopback(System.getenv("SPARK_LOCAL_IP"))));
        }
        config.spark().settings().forEach(conf::set);
        for (scala.Tuple2<String, String> setting : submitted.getAll()) {
            conf.set(setting._1(), setting._2());
        }
        return conf.setMaster(master).setAppName("lrsweep: " + config.name());
    }

    static boolean isLoopback(String address) {
        return address != null && (address.equals("localhost") || address.startsWith("127.") || address.equals("::1"));
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
