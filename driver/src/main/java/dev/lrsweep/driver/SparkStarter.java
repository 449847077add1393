package dev.lrsweep.driver;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.spark.SparkSettings;
import dev.lrsweep.worker.BatchDescent;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark, started when first needed: before the data for a table Spark reads, else once everything the
 * driver can check by itself is checked. In local mode the tasks run in this JVM, so ND4J's one-off
 * start-up is paid on a spare thread while Spark starts.
 */
final class SparkStarter implements AutoCloseable {
    private final SparkConf conf;
    private JavaSparkContext context;
    private Thread warmUp;

    /** The settings Spark starts (or started) with. */
    SparkConf settings() {
        return conf;
    }

    SparkStarter(SparkConf conf) {
        this.conf = conf;
    }

    /**
     * The running context, started on the first call.
     *
     * @throws SweepInputException if no standalone master answers, or Spark does not start, with the reason
     */
    JavaSparkContext get() {
        if (context == null) {
            SparkSettings.checkStandaloneMasterAnswers(conf);
            if (conf.get("spark.master").startsWith("local")) {
                warmUp = new Thread(BatchDescent::warmUp, "nd4j-warm-up");
                warmUp.setDaemon(true);
                warmUp.start();
            }
            context = start(conf);
        }
        return context;
    }

    /** Waits for ND4J's warm-up, if one runs. */
    void awaitWarmUp() throws InterruptedException {
        if (warmUp != null) {
            warmUp.join();
        }
    }

    /** Stops Spark, if it started. */
    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    private static JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {
            // Exception, not only RuntimeException: Scala code throws checked exceptions (SparkException) undeclared
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // the kind names what the message alone may not ("com.nope.Plugin" is a class that was not found)
            String reason = root.getClass().getSimpleName() + (root.getMessage() == null ? ""
                    : ": " + root.getMessage().lines().findFirst().orElse(""));
            throw new SweepInputException("spark: Spark did not start (master " + conf.get("spark.master") + "): "
                    + reason);
        }
    }
}
