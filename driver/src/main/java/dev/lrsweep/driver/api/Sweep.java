package dev.lrsweep.driver.api;

import dev.lrsweep.driver.config.GivenDataConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.spark.SparkStarter;
import dev.lrsweep.driver.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a learning-rate sweep from a Spark application, on its session: in spark-shell,
 * <pre>{@code
 * val spec = dev.lrsweep.driver.api.SweepSpec.fromYaml(java.nio.file.Path.of("conf/sweep.yaml"))
 * val result = dev.lrsweep.driver.api.Sweep.run(spark, spec)
 * result.cells.show()
 * }</pre>
 * The session is used as it is, never started or stopped: the sweep's jobs run in a job group of their own, and the
 * rows it caches on the executors are released when it ends. The progress goes to standard error.
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * Runs the sweep on the data its config names.
     *
     * @throws SweepInputException for a bad config or data, in one line naming the key or column
     */
    public static SweepResult run(SparkSession spark, SweepSpec spec) {
        return run(spark, spec, null);
    }

    /**
     * Runs the sweep on rows of the session: {@code label} is the label column, {@code features} the feature columns
     * (numbers, or one of Spark ML vectors or arrays); none for every numeric column but the label.
     *
     * @throws SweepInputException for a bad config, a missing column, a column that is not numbers, nulls or
     *                             values that are not finite, in one line naming it
     */
    public static SweepResult run(SparkSession spark, SweepSpec spec, Dataset<Row> rows, String label,
                                  String... features) {
        return run(spark, spec, new GivenDataConfig(rows, label, List.of(features)));
    }

    private static SweepResult run(SparkSession spark, SweepSpec spec, GivenDataConfig given) {
        SweepConfig config = spec.config(given);
        PrintWriter progress = new PrintWriter(System.err, true);
        try (SparkStarter starter = SparkStarter.borrowing(JavaSparkContext.fromSparkContext(spark.sparkContext()))) {
            return new SweepResult(spark, SweepRunner.record(config, spec.configDir(), starter, progress));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        }
    }
}
