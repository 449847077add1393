package dev.lrsweep.driver;

import dev.lrsweep.driver.spark.SparkStarter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Notices that the JVM is shutting down under a running command (Ctrl-C, SIGTERM): it interrupts the
 * command's thread, wherever it waits (for Spark, for ND4J's warm-up), so that the command stops,
 * cleans up and says so in its own words instead of Spark's, and it holds the shutdown up to
 * {@value #GRACE_SECONDS} s until the command has done so.
 *
 * <p>It is one of Spark's shutdown hooks, run before those that stop Spark's executor and context: the
 * command stops its own jobs and then Spark (SparkStarter), in that order. Run beside them, Spark's hooks
 * stopped Spark under the running jobs, whose tasks were then refused with RejectedExecutionException traces.
 *
 * <p>It tells a signal from an exit that code in this JVM asked for: Spark ends the JVM when a task meets a fatal
 * error (exit code 52 when it ran out of memory), which is no interrupt.
 */
final class InterruptWatch implements AutoCloseable {
    static final int GRACE_SECONDS = 5;

    /** Where Spark ends the JVM after a task's fatal error. */
    private static final String SPARK_FATAL_ERROR_HANDLER = "org.apache.spark.util.SparkUncaughtExceptionHandler";
    /** The last signal this JVM received ("SIGINT"), once {@link #recordSignals} runs; null for none. */
    private static volatile String signal;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Object hook;
    private volatile String cause;

    /** Watches for the thread that creates it. */
    InterruptWatch() {
        Thread command = Thread.currentThread();
        // the highest priority of Spark's hooks runs first: the local executor stops itself at the default priority,
        // and the context below it
        hook = ShutdownHookManager.addShutdownHook(ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 1, () -> {
            cause = shutdownCause();
            command.interrupt();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BoxedUnit.UNIT;
        });
    }

    /**
     * Records each of SIGINT, SIGTERM and SIGHUP as it arrives, before the JVM's own handler begins the shutdown.
     * A signal the JVM ignores or leaves to the system (nohup, -Xrs) stays as it is.
     */
    static void recordSignals() {
        for (String name : List.of("INT", "TERM", "HUP")) {
            SignalHandler[] previous = new SignalHandler[1];
            try {
                previous[0] = Signal.handle(new Signal(name), received -> {
                    signal = "SIG" + received.getName();
                    previous[0].handle(received);
                });
            } catch (IllegalArgumentException e) {
                continue; // the JVM reserves this signal, or runs with -Xrs
            }
            if (previous[0] == SignalHandler.SIG_DFL || previous[0] == SignalHandler.SIG_IGN) {
                Signal.handle(new Signal(name), previous[0]);
            }
        }
    }

    /** Why the JVM is shutting down: the signal received, Spark's ending it after a task's fatal error, or an exit. */
    private static String shutdownCause() {
        if (signal != null) {
            return "interrupted by " + signal + ("SIGINT".equals(signal) ? " (Ctrl-C)" : "");
        }
        boolean spark = Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(frame -> frame.getClassName().equals(SPARK_FATAL_ERROR_HANDLER));
        return spark ? "Spark ended the JVM after a fatal error in a task (its ERROR line names it: out of memory, as "
                + "a rule): give the executors more memory (spark.executor.memory; SWEEP_JAVA_OPTS=-Xmx… in local mode) "
                + "or make each task smaller (grid.rates_per_task, batch sizes)"
                : "the JVM was told to exit (not by a signal) while the command ran";
    }

    /** Whether the JVM began to shut down while the command ran. */
    boolean interrupted() {
        return cause != null;
    }

    /** Why the JVM began to shut down while the command ran, in a line; null if it did not. */
    String cause() {
        return cause;
    }

    /** The command is done: the shutdown may go on, and a later one is none of this watch's business. */
    @Override
    public void close() {
        done.countDown();
        // a hook already running returns now that the latch is down
        ShutdownHookManager.removeShutdownHook(hook);
    }
}
