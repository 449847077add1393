package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.DivergenceCause;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.CellResult;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import java.io.PrintWriter;
import java.util.Locale;

/** The short summary printed at the end of a run: per learning rate, the loss and regime at the largest step count; the verdicts; theory beside measurement. */
final class ConsoleSummary {
    private ConsoleSummary() {
    }

    static void print(PrintWriter out, SweepRunner.SweepOutcome outcome) {
        SweepRecord record = outcome.record();
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        out.printf(Locale.ROOT, "sweep '%s': %d cells (%d learning rates × %d step counts) in %.1f s%n",
                record.name(), record.rows().size(), record.curves().size(),
                record.rows().size() / record.curves().size(), record.timings().totalSeconds());
        out.printf(Locale.ROOT, "%14s  %16s  %s%n", "learning_rate", "loss@" + maxSteps, "regime");
        for (CellResult row : record.rows()) {
            if (row.steps() == maxSteps) {
                String regime = row.divergedBecause() == null ? row.regime() : row.regime() + " ("
                        + DivergenceCause.ofLabel(row.divergedBecause()).atStep(row.divergedAtStep()) + ")";
                out.printf(Locale.ROOT, "%14.6g  %16.8g  %s%n", row.learningRate(), row.finalLoss(), regime);
            }
        }
        record.suggestions().verdicts().forEach(verdict -> out.println("  " + verdict.text()));
        out.printf(Locale.ROOT, "theory: lr_critical = %s, lr_optimal = %s; measured: stable up to %s, diverged from %s%n",
                SweepAnalysis.rate(record.theory().lrCritical()), SweepAnalysis.rate(record.theory().lrOptimal()),
                SweepAnalysis.rateOrNone(record.boundary().largestStableRate()),
                SweepAnalysis.rateOrNone(record.boundary().smallestDivergedRate()));
        out.printf("wrote %s (with its plots as SVG files)%n      %s%n      %s%n",
                outcome.outDir().resolve(ReportWriter.HTML), outcome.outDir().resolve(ResultFiles.CSV),
                outcome.outDir().resolve(ResultFiles.JSON));
        out.flush();
    }
}
