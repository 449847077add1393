package dev.lrsweep.driver;

import com.fasterxml.jackson.core.JacksonException;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
        if (!Files.isRegularFile(results)) {
            spec.commandLine().getErr().println("sweep: " + results + ": no such file (is " + dir + " a sweep's out dir?)");
            return SweepCli.EXIT_BAD_INPUT;
        }
        SweepRecord record;
        try {
            record = ResultFiles.read(dir);
        } catch (JacksonException e) {
            spec.commandLine().getErr().println("sweep: " + results + ": not a sweep's results: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
            return SweepCli.EXIT_BAD_INPUT;
        }
        ReportWriter.write(dir, record);
        spec.commandLine().getOut().println("wrote " + dir.resolve(ReportWriter.HTML));
        return 0;
    }
}
