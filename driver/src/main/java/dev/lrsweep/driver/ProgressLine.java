package dev.lrsweep.driver;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * One console line that follows a running sweep: cells done of the total, elapsed time and an
 * estimate of what is left. On a terminal it redraws itself every second; otherwise (a pipe, a log
 * file) it prints a new line every ten seconds. A cell counts as done when the Spark task of its
 * batch succeeds; a retried or speculative task is counted once.
 */
final class ProgressLine extends SparkListener implements AutoCloseable {
    private final PrintWriter out;
    private final boolean interactive;
    private final String name;
    private final int[] cellsPerTask;
    private final int total;
    private final long startNanos;
    private final Set<Integer> finishedTasks = ConcurrentHashMap.newKeySet();
    private final AtomicInteger done = new AtomicInteger();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweep-progress");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts the line.
     *
     * @param cellsPerTask the number of grid cells each task (by partition index) computes
     */
    ProgressLine(PrintWriter out, boolean interactive, String name, int[] cellsPerTask) {
        this.out = out;
        this.interactive = interactive;
        this.name = name;
        this.cellsPerTask = cellsPerTask.clone();
        this.total = java.util.Arrays.stream(cellsPerTask).sum();
        this.startNanos = System.nanoTime();
        long period = interactive ? 1 : 10;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.SECONDS);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        int task = taskEnd.taskInfo().index();
        if (taskEnd.taskInfo().successful() && task < cellsPerTask.length && finishedTasks.add(task)) {
            done.addAndGet(cellsPerTask[task]);
        }
    }

    private synchronized void draw() {
        out.print((interactive ? "\r" : "") + line() + (interactive ? "" : System.lineSeparator()));
        out.flush();
    }

    /** e.g. {@code classic-lesson: 60/120 cells (50%), 3.1 s elapsed, about 3.1 s left}. */
    String line() {
        int cells = done.get();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String left = cells == 0 ? "" : cells == total ? ""
                : String.format(Locale.ROOT, ", about %.0f s left", elapsed * (total - cells) / cells);
        return String.format(Locale.ROOT, "%s: %d/%d cells (%d%%), %.1f s elapsed%s", name, cells, total,
                100 * cells / total, elapsed, left);
    }

    /** Stops redrawing and leaves the final state on its own line. */
    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            out.println((interactive ? "\r" : "") + line());
            out.flush();
        }
    }
}
