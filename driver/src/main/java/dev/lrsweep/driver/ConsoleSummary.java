package dev.lrsweep.driver;

import dev.lrsweep.driver.output.CellResult;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.PrintWriter;
import java.util.Locale;

/** The short table printed at the end of a run: per learning rate, the loss at the largest step count and its status. */
final class ConsoleSummary {
    private ConsoleSummary() {
    }

    static void print(PrintWriter out, SweepRunner.SweepOutcome outcome) {
        SweepRecord record = outcome.record();
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        out.printf(Locale.ROOT, "sweep '%s': %d cells (%d learning rates × %d step counts) in %.1f s%n",
                record.name(), record.rows().size(), record.curves().size(),
                record.rows().size() / record.curves().size(), record.timings().totalSeconds());
        out.printf(Locale.ROOT, "%14s  %16s  %s%n", "learning_rate", "loss@" + maxSteps, "status");
        for (CellResult row : record.rows()) {
            if (row.steps() == maxSteps) {
                String status = row.divergedAtStep() == null ? row.status()
                        : row.status() + " at step " + row.divergedAtStep();
                out.printf(Locale.ROOT, "%14.6g  %16.8g  %s%n", row.learningRate(), row.finalLoss(), status);
            }
        }
        out.printf("wrote %s%n      %s%n", outcome.outDir().resolve(ResultFiles.CSV),
                outcome.outDir().resolve(ResultFiles.JSON));
        out.flush();
    }
}
