package dev.lrsweep.driver.spark;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The memory a sweep's tasks and slices have, as Spark gives it. */
public final class SparkMemory {
    private static final Pattern LOCAL_CORES = Pattern.compile("local\\[(\\d+|\\*)");

    private SparkMemory() {
    }

    /** The storage memory of every block manager (the executors', and in local mode the driver's). */
    public static long storage(JavaSparkContext spark) {
        return scala.jdk.javaapi.CollectionConverters.asJava(spark.sc().getExecutorMemoryStatus()).values().stream()
                .mapToLong(memory -> (Long) memory._1()).sum();
    }

    /**
     * A task's share of memory for its graph's native arrays: in local mode the machine's memory over the cores,
     * on a cluster an executor's memory; read from the settings, without starting Spark.
     */
    public static long task(SparkConf settings) {
        String master = settings.get("spark.master");
        if (!master.startsWith("local")) {
            return settings.getSizeAsBytes("spark.executor.memory", "1g");
        }
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return machine / Math.max(1, localCores(master));
    }

    /** The cores of a local master: {@code local} 1, {@code local[4]} or {@code local[4,2]} 4, {@code local[*]} all. */
    private static int localCores(String master) {
        Matcher cores = LOCAL_CORES.matcher(master);
        if (!cores.lookingAt()) {
            return 1;
        }
        return cores.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cores.group(1));
    }

    /** An executor's memory: in local mode the tasks share this JVM's heap. */
    public static long executor(JavaSparkContext spark) {
        return spark.master().startsWith("local") ? Runtime.getRuntime().maxMemory()
                : spark.getConf().getSizeAsBytes("spark.executor.memory", "1g");
    }
}
