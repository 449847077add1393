package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.driver.sweep.SweepRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code sweep find}: the learning-rate range test of each optimizer of a sweep's config. */
@Command(name = "find", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "The quick learning-rate range test (Smith 2017; fastai's lr_find): for each optimizer and "
                + "batch size of the config's grid, one run whose rate grows exponentially every step (range_test: "
                + "from 1e-7 to 10 in 100 steps by default), stopped once the smoothed loss passes 4× its best. "
                + "Prints its suggestions (steepest, valley, minimum ÷ 10) beside each optimizer's stability limit "
                + "and writes range-test.html, range-test.json and range-test.csv to the out dir. A full sweep "
                + "(run) measures which rates converge; grid.learning_rates: auto lays a sweep's grid from this test.")
final class FindCommand implements Callable<Integer> {

    @CommandLine.Mixin
    private SweepOptions options;

    @Option(names = "--overwrite", description = "Replace a range test already in the out dir.")
    private boolean overwrite;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (InterruptWatch watch = new InterruptWatch()) {
            try {
                SweepConfig config = options.load();
                RangeTestRecord record = SweepRunner.find(config, options.configDir(), options.master, overwrite, start,
                        err);
                print(stdout, record, config.outputDir());
                return 0;
            } catch (SweepInputException e) {
                err.println("sweep: " + e.getMessage());
                return SweepCli.EXIT_BAD_INPUT;
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                err.println("sweep: the range test stopped: " + RunCommand.reason(e, watch));
                return SweepCli.EXIT_INTERNAL_ERROR;
            } finally {
                err.flush();
                stdout.flush();
            }
        }
    }

    private static void print(PrintWriter out, RangeTestRecord record, Path outDir) {
        out.printf(Locale.ROOT, "range test '%s': %d run%s in %.1f s%n", record.name(), record.rangeTest().runs().size(),
                record.rangeTest().runs().size() == 1 ? "" : "s", record.totalSeconds());
        out.printf(Locale.ROOT, "%-26s  %6s  %10s  %10s  %12s  %11s%n", "series", "steps", "suggested", "valley",
                "minimum/10", "lr_critical");
        for (RangeTestResult run : record.rangeTest().runs()) {
            out.printf(Locale.ROOT, "%-26s  %6d  %10s  %10s  %12s  %11s%n", run.series().label(), run.rates().length,
                    SweepAnalysis.rateOrNone(run.steepest()), SweepAnalysis.rateOrNone(run.valley()),
                    SweepAnalysis.rateOrNone(run.minimumOverTen()), SweepAnalysis.rateOrNone(run.lrCritical()));
        }
        List<String> peaks = record.rangeTest().runs().stream().filter(run -> run.valley() != null)
                .map(run -> SweepAnalysis.rate(run.valley()) + " for " + run.series().label()).toList();
        if (!peaks.isEmpty()) {
            out.println("one cycle: fastai's fit_one_cycle takes the valley as its peak rate (lr_max): "
                    + String.join(", ", peaks) + "; grid.schedules: [one_cycle] sweeps the peaks around it");
        }
        record.rangeTest().caveats().forEach(caveat -> out.println("note: " + caveat));
        out.printf("wrote %s%n      %s%n      %s%n", outDir.resolve(ReportWriter.RANGE_TEST_HTML),
                outDir.resolve(ResultFiles.RANGE_TEST_JSON), outDir.resolve(ResultFiles.RANGE_TEST_CSV));
    }
}
