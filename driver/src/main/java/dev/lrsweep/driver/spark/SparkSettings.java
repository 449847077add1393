package dev.lrsweep.driver.spark;

import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;

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
 *
 * <p>What the user gives is checked before Spark starts, as far as Spark's own definitions of its settings
 * allow: a value Spark would refuse as it starts is one line naming where it came from, not pages of traces.
 */
public final class SparkSettings {
    static final String HOME_PROPERTY = "lrsweep.home";
    private static final String LOOPBACK = "127.0.0.1";
    /** The executors' JVM flags unless {@code spark.settings} gives {@code spark.executor.extraJavaOptions}. */
    static final String EXECUTOR_JAVA_OPTIONS = "-XX:+UseParallelGC";
    /** How long a standalone master may take to accept a connection before the sweep gives up on it. */
    static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final Pattern LOCAL = Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]*)(,\\s*[1-9][0-9]*)?])?|local-cluster\\[[1-9][0-9]*,\\s*[1-9][0-9]*,\\s*[1-9][0-9]*]");
    /** A local master and the threads it runs tasks on: none given is one, {@code *} is every core. */
    private static final Pattern LOCAL_THREADS = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,\\s*[1-9][0-9]*)?])?");
    private static final String TASK_CPUS = "spark.task.cpus";
    private static final Pattern STANDALONE = Pattern.compile(
            "spark://((?:[^,:/\\s]+:[0-9]{1,5})(?:,[^,:/\\s]+:[0-9]{1,5})*)");

    static {
        // Spark registers a setting's definition (see checkValue) when the Scala object declaring it loads: the
        // core settings are declared in the config package's object, which Java cannot name
        try {
            Class.forName("org.apache.spark.internal.config.package$");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Spark's core settings are not on the class path", e);
        }
    }

    private SparkSettings() {
    }

    /**
     * The sweep's Spark configuration.
     *
     * @param masterOverride the {@code --master} given to {@code sweep run}, or null
     */
    public static SparkConf of(SweepConfig config, String masterOverride) {
        SparkConf submitted = new SparkConf(true);
        String master = masterOverride != null ? masterOverride
                : submitted.contains("spark.master") ? submitted.get("spark.master") : config.spark().master();
        checkMaster(master, masterOverride != null ? "--master" : submitted.contains("spark.master")
                ? "spark-submit --master" : "spark.master");
        SparkConf conf = new SparkConf(false);
        // data parallelism caches its slices (megabytes each) where memory does not hold them, on disk, through
        // Java serialization, whose stream keeps every object written until it is reset: Spark's default reset
        // every 100 objects held 100 slices (1.6 GB) and ran a 512 MB executor out of heap; a reset after each
        // object costs nothing for objects this large
        conf.set("spark.serializer.objectStreamReset", "1");
        // where each setting of the user's came from, named when Spark would refuse its value
        Map<String, String> given = new TreeMap<>();
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            Path defaults = Path.of(home, "conf", "spark-defaults.conf");
            if (Files.isRegularFile(defaults)) {
                defaults(defaults).forEach((key, value) -> {
                    conf.set(key.toString(), value.toString().trim());
                    given.put(key.toString(), defaults + ": " + key);
                });
            }
        }
        if (!master.startsWith("local")) {
            // executors are JVMs of their own: the flags bin/sweep gives the local one (on 2 cores, G1's concurrent
            // threads compete with the fit); bench/cores.yaml on a standalone cluster of this 2-core machine: 1 worker
            // × 2 cores 12.3–12.5 s with Spark's defaults, 9.3–9.8 s with ParallelGC and C1 alone (before the fused
            // element-wise ops, which need C2)
            conf.set("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
        }
        if (master.startsWith("local")) {
            // the running tasks' progress reaches the driver with each heartbeat (see TaskProgress): every second
            // here, where it costs nothing; a cluster keeps Spark's 10 s unless spark.settings says otherwise
            conf.set("spark.executor.heartbeatInterval", "1s");
            conf.set("spark.driver.bindAddress", LOOPBACK);
            conf.set("spark.driver.host", LOOPBACK);
            conf.set("spark.ui.enabled", Boolean.toString(isLoopback(System.getenv("SPARK_LOCAL_IP"))));
        }
        config.spark().settings().forEach((key, value) -> {
            conf.set(key, value);
            given.put(key, "spark.settings." + key);
        });
        for (scala.Tuple2<String, String> setting : submitted.getAll()) {
            conf.set(setting._1(), setting._2());
            given.put(setting._1(), "spark-submit --conf " + setting._1());
        }
        given.forEach((key, origin) -> checkValue(origin, key, conf.get(key)));
        conf.setMaster(master).setAppName("lrsweep: " + config.name());
        checkTaskCpus(conf, given.getOrDefault(TASK_CPUS, TASK_CPUS));
        return conf;
    }

    /**
     * Refuses a value that Spark's own definition of the setting does not read (a size of {@code abc}, a count
     * of {@code four}, a number out of its range), as Spark would when it starts, but in one line naming where
     * the setting came from. Settings Spark does not define here (SQL's, a plugin's) are Spark's to check.
     *
     * @param origin how the user gave the setting: {@code spark.settings.KEY}, a file's line, a command's option
     */
    private static void checkValue(String origin, String key, String value) {
        ConfigEntry<?> entry = ConfigEntry$.MODULE$.findEntry(key);
        // ${...} is substituted by Spark when it reads the setting, not here
        if (entry == null || value.contains("${")) {
            return;
        }
        try {
            entry.valueConverter().apply(value);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new SweepInputException(origin + ": '" + value + "' is not a value Spark takes: " + reason);
        }
    }

    /**
     * Refuses fewer than one core per task ({@code spark.task.cpus}), or more than a local master has: Spark would
     * fail to start with a trace. On a cluster the executors' cores are the cluster's to check.
     */
    private static void checkTaskCpus(SparkConf conf, String origin) {
        int taskCpus = conf.getInt(TASK_CPUS, 1);
        if (taskCpus < 1) {
            throw new SweepInputException(origin + ": " + taskCpus + " cores per task; a task needs at least 1");
        }
        Matcher local = LOCAL_THREADS.matcher(conf.get("spark.master"));
        if (!local.matches()) {
            return;
        }
        int cores = local.group(1) == null ? 1 : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(local.group(1));
        if (taskCpus > cores) {
            throw new SweepInputException(origin + ": " + taskCpus + " cores per task, but master " + conf.get("spark.master")
                    + " has " + cores + (cores == 1 ? " core" : " cores") + " to run tasks on (give at most " + cores + ")");
        }
    }

    /**
     * Refuses what is not a Spark master URL.
     *
     * @param key how the user gave the master, named in the error
     */
    static void checkMaster(String master, String key) {
        boolean known = LOCAL.matcher(master).matches() || STANDALONE.matcher(master).matches()
                || master.equals("yarn") || master.startsWith("k8s://") && master.length() > "k8s://".length();
        if (!known) {
            throw new SweepInputException(key + ": '" + master + "' is not a Spark master URL (use local, local[N], "
                    + "local[*], local[N,F], spark://host:port, yarn or k8s://https://host:port; N and F at least 1)");
        }
    }

    /**
     * Refuses a standalone master that does not answer, before Spark starts (Spark itself would retry
     * for a minute and print pages of traces). Other masters pass.
     *
     * @throws SweepInputException if no master of a {@code spark://} URL accepts a connection within
     *                             {@value #CONNECT_TIMEOUT_MILLIS} ms
     */
    public static void checkStandaloneMasterAnswers(SparkConf conf) {
        Matcher standalone = STANDALONE.matcher(conf.get("spark.master"));
        if (!standalone.matches()) {
            return;
        }
        String unreachable = null;
        for (String hostPort : standalone.group(1).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                unreachable = hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + ")";
            }
        }
        throw new SweepInputException("spark.master: no Spark master answers at " + unreachable + "; is it running?");
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
