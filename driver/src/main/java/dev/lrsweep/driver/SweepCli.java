package dev.lrsweep.driver;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sweep} command: parse arguments, run the chosen subcommand, exit with its code. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = SweepCli.Version.class,
        subcommands = {RunCommand.class, FindCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
        usageHelpWidth = 100,
        description = {
            "Sweeps a grid of learning rates × gradient-descent step counts on Apache Spark and shows which "
                + "rates undershoot (the loss barely moves), converge, or overshoot (oscillate and diverge). "
                + "Each fit is linear least squares, logistic regression or a neural network (model.kind: linear, "
                + "logistic, mlp) by gradient descent, momentum, Nesterov or Adam (grid.optimizers), in full batches or "
                + "mini-batches (grid.batch_sizes), with gradients from ND4J SameDiff's automatic differentiation. "
                + "find runs the quick learning-rate range test instead.", ""},
        footer = {"", "Examples:",
            "  bin/sweep run                                  the default sweep (conf/sweep.yaml), local[*]",
            "  bin/sweep run --config my.yaml --out out/my    another sweep, another out dir",
            "  bin/sweep run --config conf/examples/mlp.yaml  a network on generated classes, with its sharpness",
            "  bin/sweep run --config conf/examples/optimizers.yaml   gd, momentum and Adam side by side",
            "  bin/sweep find                                 the range test (fastai's lr_find) on the default data",
            "  bin/sweep run --master spark://host:7077       on a standalone cluster",
            "  bin/sweep report reports/classic-lesson        rebuild a report from its results.json",
            "  bin/sweep run --resume                         finish a sweep whose driver was killed",
            "  bin/sweep submit --master URL run --config F   through $SPARK_HOME/bin/spark-submit",
            "  bin/sweep bench                                the benchmark beside the PyTorch peers",
            "", "Exit codes: 0 clean, 1 internal error, 2 bad input, 3 finished with failed cells."})
public final class SweepCli implements Runnable {
    /** The sweep stopped on an error that is not the input's. */
    static final int EXIT_INTERNAL_ERROR = 1;
    /** Bad input: a one-line error, nothing written. */
    static final int EXIT_BAD_INPUT = 2;
    /** The sweep finished, but some cells failed. */
    static final int EXIT_FAILED_CELLS = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        InterruptWatch.recordSignals();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SweepCli()).setParameterExceptionHandler(SweepCli::badArguments);
    }

    /** A command line picocli cannot parse is bad input like any other: one line, exit code 2. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandName();
        e.getCommandLine().getErr().println("sweep: " + e.getMessage().lines().findFirst().orElse("bad arguments")
                + " (see: bin/sweep " + ("sweep".equals(command) ? "" : command + " ") + "--help)");
        return EXIT_BAD_INPUT;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version of this build, from the worker's provenance record. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lrsweep " + dev.lrsweep.worker.LibraryVersions.worker().get("lrsweep")};
        }
    }
}
