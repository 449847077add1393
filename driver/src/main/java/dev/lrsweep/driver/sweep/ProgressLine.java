package dev.lrsweep.driver.sweep;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One console line that follows a running sweep: cells done of the total, elapsed time and an
 * estimate of what is left. On a terminal it redraws itself every second; otherwise (a pipe, a log
 * file) it prints a new line every ten seconds. A batch's cells count as done when its result reaches
 * the driver; until then, in proportion to the steps its models have taken (every batch takes the
 * same steps), as the running tasks last reported them.
 */
public final class ProgressLine implements AutoCloseable {
    private final PrintWriter out;
    private final boolean interactive;
    private final String name;
    private final int total;
    private final long startNanos;
    private final AtomicInteger done;
    private final LongSupplier modelStepsInFlight;
    private final double cellsPerModelStep;
    private final Supplier<String> detail;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweep-progress");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts the line.
     *
     * @param total              the sweep's cells
     * @param done               the cells already done (by a run this one resumes)
     * @param modelStepsInFlight the model-steps the batches still running have taken
     * @param cellsPerModelStep  the cells a model-step stands for: step counts ÷ the largest step count
     * @param detail             what else moves, appended to the line (e.g. {@code , 24 Spark jobs}); or empty
     */
    ProgressLine(PrintWriter out, boolean interactive, String name, int total, int done, LongSupplier modelStepsInFlight,
                 double cellsPerModelStep, Supplier<String> detail) {
        this.out = out;
        this.interactive = interactive;
        this.name = name;
        this.total = total;
        this.done = new AtomicInteger(done);
        this.modelStepsInFlight = modelStepsInFlight;
        this.cellsPerModelStep = cellsPerModelStep;
        this.detail = detail;
        this.startNanos = System.nanoTime();
        long period = interactive ? 1 : 10;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.SECONDS);
    }

    /** Counts the cells of a batch that reached the driver. */
    void cellsDone(int cells) {
        done.addAndGet(cells);
    }

    private synchronized void draw() {
        out.print((interactive ? "\r" : "") + line() + (interactive ? "" : System.lineSeparator()));
        out.flush();
    }

    /** e.g. {@code classic-lesson: 60/120 cells (50%), 3.1 s elapsed, about 3.1 s left}, and the detail. */
    String line() {
        int cells = (int) Math.min(total, done.get() + cellsPerModelStep * modelStepsInFlight.getAsLong());
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String left = cells == 0 ? "" : cells == total ? ""
                : String.format(Locale.ROOT, ", about %.0f s left", elapsed * (total - cells) / cells);
        return String.format(Locale.ROOT, "%s: %d/%d cells (%d%%), %.1f s elapsed%s%s", name, cells, total,
                100 * cells / total, elapsed, left, detail.get());
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
