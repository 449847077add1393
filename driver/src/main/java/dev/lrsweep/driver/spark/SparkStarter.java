package dev.lrsweep.driver.spark;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.descent.BatchDescent;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark, started when first needed: before the data for a table Spark reads, else once everything the
 * driver can check by itself is checked. In local mode the tasks run in this JVM, so ND4J's one-off
 * start-up is paid on a spare thread while Spark starts.
 */
public final class SparkStarter implements AutoCloseable {
    /** How long stopping Spark waits for the tasks of cancelled jobs to end. */
    static final int TASKS_END_MILLIS = 3000;
    /** How far apart the two looks are that find Spark idle before it stops. */
    static final int SETTLE_MILLIS = 50;
    private final SparkConf conf;
    /** The job group of a sweep on a Spark application's own context, which it cancels and never stops; else null. */
    private final String borrowedGroup;
    private JavaSparkContext context;
    private Thread warmUp;

    /** The settings Spark starts (or started) with. */
    public SparkConf settings() {
        return conf;
    }

    public SparkStarter(SparkConf conf) {
        this.conf = conf;
        borrowedGroup = null;
    }

    private SparkStarter(JavaSparkContext running) {
        conf = running.getConf();
        context = running;
        borrowedGroup = "lrsweep-" + java.util.UUID.randomUUID();
        // the jobs this thread starts from now on are the sweep's: closing cancels them, and only them
        running.setJobGroup(borrowedGroup, "lrsweep: a learning-rate sweep", true);
    }

    /**
     * The running context of a Spark application (the Java API's session): the sweep runs its jobs on it, in a job
     * group of its own; closing cancels that group's jobs still running and leaves the context running.
     */
    public static SparkStarter borrowing(JavaSparkContext running) {
        return new SparkStarter(running);
    }

    /**
     * The running context, started on the first call.
     *
     * @throws SweepInputException if no standalone master answers, or Spark does not start, with the reason
     */
    public JavaSparkContext get() {
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
    public void awaitWarmUp() throws InterruptedException {
        if (warmUp != null) {
            warmUp.join();
        }
    }

    /** Stops Spark, if it started: its running tasks first (a sweep that stops early), then Spark. */
    @Override
    public void close() {
        if (borrowedGroup != null) {
            context.cancelJobGroup(borrowedGroup);
            context.clearJobGroup();
            return;
        }
        if (context != null) {
            endRunningTasks();
            context.close();
            context = null;
        }
    }

    /**
     * Cancels the jobs still running and waits up to {@value #TASKS_END_MILLIS} ms until Spark shows no active job
     * and no running task in two looks {@value #SETTLE_MILLIS} ms apart (a job submitted just before the sweep
     * stopped shows only once Spark's scheduler took it, and it is cancelled in that order; each task ends at its
     * next step, see FitPartition): a task launched or ending after Spark stopped is refused with a
     * RejectedExecutionException trace. The wait goes on if this thread is interrupted (a signal stops the
     * sweep), and the interrupt stays set for the caller.
     */
    private void endRunningTasks() {
        context.cancelAllJobs();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TASKS_END_MILLIS);
        int quietLooks = 0;
        while (quietLooks < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
            quietLooks = busy() ? 0 : quietLooks + 1;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean busy() {
        return context.statusTracker().getActiveJobIds().length > 0 || Arrays.stream(context.sc().statusTracker()
                .getExecutorInfos()).mapToInt(SparkExecutorInfo::numRunningTasks).sum() > 0;
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
