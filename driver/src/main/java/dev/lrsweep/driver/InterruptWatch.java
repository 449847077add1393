package dev.lrsweep.driver;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * Notices that the JVM is shutting down under a running command (Ctrl-C, SIGTERM): it interrupts the
 * command's thread, wherever it waits (for Spark, for ND4J's warm-up), so that the command stops,
 * cleans up and says so in its own words instead of Spark's, and it holds the shutdown up to
 * {@value #GRACE_SECONDS} s until the command has done so.
 *
 * <p>It is one of Spark's shutdown hooks, run before those that stop Spark's executor and context: the
 * command stops its own jobs and then Spark (SparkStarter), in that order. Run beside them, Spark's hooks
 * stopped Spark under the running jobs, whose tasks were then refused with RejectedExecutionException traces.
 */
final class InterruptWatch implements AutoCloseable {
    static final int GRACE_SECONDS = 5;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Object hook;
    private volatile boolean interrupted;

    /** Watches for the thread that creates it. */
    InterruptWatch() {
        Thread command = Thread.currentThread();
        // the highest priority of Spark's hooks runs first: the local executor stops itself at the default priority,
        // and the context below it
        hook = ShutdownHookManager.addShutdownHook(ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 1, () -> {
            interrupted = true;
            command.interrupt();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BoxedUnit.UNIT;
        });
    }

    /** Whether the JVM began to shut down while the command ran. */
    boolean interrupted() {
        return interrupted;
    }

    /** The command is done: the shutdown may go on, and a later one is none of this watch's business. */
    @Override
    public void close() {
        done.countDown();
        // a hook already running returns now that the latch is down
        ShutdownHookManager.removeShutdownHook(hook);
    }
}
