package dev.lrsweep.driver;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the JVM is shutting down under a running command (Ctrl-C, SIGTERM): it interrupts the
 * command's thread, wherever it waits (for Spark, for ND4J's warm-up), so that the command stops,
 * cleans up and says so in its own words instead of Spark's, and it holds the shutdown up to
 * {@value #GRACE_SECONDS} s until the command has done so.
 */
final class InterruptWatch implements AutoCloseable {
    static final int GRACE_SECONDS = 5;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean interrupted;

    /** Watches for the thread that creates it. */
    InterruptWatch() {
        Thread command = Thread.currentThread();
        hook = new Thread(() -> {
            interrupted = true;
            command.interrupt();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sweep-interrupt-watch");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the JVM began to shut down while the command ran. */
    boolean interrupted() {
        return interrupted;
    }

    /** The command is done: the shutdown may go on, and a later one is none of this watch's business. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is down
        }
    }
}
