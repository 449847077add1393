package dev.lrsweep.driver;

import com.fasterxml.jackson.core.JacksonException;
import dev.lrsweep.driver.config.JacksonErrors;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.output.FileErrors;
import dev.lrsweep.driver.output.RecordCheck;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.driver.safety.OutDirLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code sweep report DIR}: rebuild a sweep's report from its {@code results.json}, without Spark. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Rebuild report.html and its plots in DIR from DIR/results.json, without running Spark.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A sweep's out dir, e.g. reports/classic-lesson.")
    private Path dir;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path results = dir.resolve(ResultFiles.JSON);
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(results)) {
            err.println("sweep: " + results + ": no such file (is " + dir + " a sweep's out dir?)");
            return SweepCli.EXIT_BAD_INPUT;
        }
        OutDirLock lock;
        try {
            lock = OutDirLock.acquire(dir);
        } catch (SweepInputException e) {
            err.println("sweep: " + e.getMessage());
            return SweepCli.EXIT_BAD_INPUT;
        }
        // the lock keeps a sweep that is writing into DIR and this report from writing over each other
        try (lock) {
            SweepRecord record;
            try {
                record = ResultFiles.read(dir);
                RecordCheck.check(record);
            } catch (JacksonException e) {
                err.println("sweep: " + results + ": not a sweep's results: " + JacksonErrors.describe(e, "JSON"));
                return SweepCli.EXIT_BAD_INPUT;
            } catch (SweepInputException e) {
                err.println("sweep: " + results + ": " + e.getMessage());
                return SweepCli.EXIT_BAD_INPUT;
            }
            return write(record, results, err);
        }
    }

    /** Writes the report whole, or says in one line why nothing was written. */
    private int write(SweepRecord record, Path results, PrintWriter err) {
        try {
            ReportWriter.write(dir, record);
        } catch (SweepInputException e) {
            err.println("sweep: " + e.getMessage());
            return SweepCli.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("sweep: cannot write the report in " + dir + ": " + FileErrors.reason(e));
            return SweepCli.EXIT_INTERNAL_ERROR;
        } catch (RuntimeException e) {
            // results that pass the check yet cannot be drawn are bad input all the same; the report
            // is drawn whole in memory before any file is written, so nothing was written
            err.println("sweep: " + results + ": cannot draw a report from it: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : firstLine(e.getMessage())));
            return SweepCli.EXIT_BAD_INPUT;
        }
        spec.commandLine().getOut().println("wrote " + dir.resolve(ReportWriter.HTML));
        return 0;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
