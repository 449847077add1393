package dev.lrsweep.driver;

import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.safety.SweepJournal;
import dev.lrsweep.driver.sweep.SweepRunner;
import dev.lrsweep.driver.sweep.SweepStoppedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code sweep run}: run a sweep from its config and print a summary. */
@Command(name = "run", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Run a sweep: fit every (learning rate, steps) cell of the grid on Spark and write "
                + "results.csv and results.json to the out dir (default reports/<name>/). Config keys: see README.md.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.Mixin
    private SweepOptions options;

    @Option(names = "--overwrite", description = "Replace results (or an unfinished sweep) already in the out dir.")
    private boolean overwrite;

    @Option(names = "--resume", description = "Finish the interrupted sweep in the out dir: keep the batches its "
            + "journal holds, compute only the rest. Same config required.")
    private boolean resume;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Why the sweep stopped, in one line: the JVM's shutdown, or the error's message's first line or kind. */
    static String reason(Throwable error, InterruptWatch watch) {
        if (watch.interrupted()) {
            return watch.cause();
        }
        String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
        return error instanceof OutOfMemoryError ? "out of memory (" + message + "); give the JVM more heap "
                + "(SWEEP_JAVA_OPTS=-Xmx…) or make the sweep smaller"
                : message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        try (InterruptWatch watch = new InterruptWatch()) {
            return run(start, stdout, watch);
        }
    }

    private int run(long start, PrintWriter stdout, InterruptWatch watch) {
        try {
            SweepConfig sweep = options.load();
            if (resume && overwrite) {
                throw new SweepInputException("--resume and --overwrite: choose one");
            }
            SweepRunner.Restart restart = resume ? SweepRunner.Restart.RESUME
                    : overwrite ? SweepRunner.Restart.OVERWRITE : SweepRunner.Restart.FRESH;
            SweepRunner.SweepOutcome outcome = SweepRunner.run(sweep, options.configDir(), options.master, restart, start,
                    spec.commandLine().getErr(), System.console() != null);
            ConsoleSummary.print(stdout, outcome);
            return outcome.anyFailed() ? SweepCli.EXIT_FAILED_CELLS : 0;
        } catch (SweepInputException e) {
            spec.commandLine().getErr().println("sweep: " + e.getMessage());
            return SweepCli.EXIT_BAD_INPUT;
        } catch (SweepStoppedException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("sweep: the sweep stopped: " + reason(e.getCause(), watch));
            if (e.batchesKept() > 0) {
                err.println("sweep: its " + e.batchesKept() + " finished batch" + (e.batchesKept() == 1 ? " is" : "es are")
                        + " kept in the out dir's " + SweepJournal.FILE + "; run the same command with --resume to "
                        + "finish the sweep");
            }
            return SweepCli.EXIT_INTERNAL_ERROR;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            spec.commandLine().getErr().println("sweep: the sweep stopped: " + reason(e, watch));
            return SweepCli.EXIT_INTERNAL_ERROR;
        } finally {
            spec.commandLine().getErr().flush();
            stdout.flush();
        }
    }
}
