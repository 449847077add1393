package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The short summary printed at the end of a run: per learning rate, the loss and regime at the
 * largest step count; the verdicts; theory beside measurement. A large grid is summarised: at most
 * {@value #RATE_LINES} rates (evenly spaced, the first and the last among them) and
 * {@value #VERDICT_LINES} verdicts (the first and the last half), saying how many are left out;
 * {@code results.csv} and the report hold the rest.
 */
final class ConsoleSummary {
    /** The most rates printed one per line. */
    static final int RATE_LINES = 40;
    /** The most verdicts printed. */
    static final int VERDICT_LINES = 20;

    private ConsoleSummary() {
    }

    static void print(PrintWriter out, SweepRunner.SweepOutcome outcome) {
        SweepRecord record = outcome.record();
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        out.printf(Locale.ROOT, "sweep '%s': %d cells (%d learning rates × %d step counts) in %.1f s%n",
                record.name(), record.rows().size(), record.curves().size(),
                record.rows().size() / record.curves().size(), record.timings().totalSeconds());
        out.printf(Locale.ROOT, "%14s  %16s  %s%n", "learning_rate", "loss@" + maxSteps, "regime");
        List<CellResult> atMaxSteps = record.rows().stream().filter(row -> row.steps() == maxSteps).toList();
        int shownRates = Math.min(RATE_LINES, atMaxSteps.size());
        int previous = -1;
        for (int i = 0; i < shownRates; i++) {
            int index = shownRates == 1 ? 0 : (int) Math.round(i * (atMaxSteps.size() - 1.0) / (shownRates - 1));
            if (index - previous > 1) {
                out.printf(Locale.ROOT, "%14s  (%d rates between, in results.csv)%n", "…", index - previous - 1);
            }
            previous = index;
            CellResult row = atMaxSteps.get(index);
            String regime = row.regime().label() + (row.divergedBecause() == null ? ""
                    : " (" + row.divergedBecause().atStep(row.divergedAtStep()) + ")");
            out.printf(Locale.ROOT, "%14.6g  %16.8g  %s%n", row.learningRate(), row.finalLoss(), regime);
        }
        List<Suggestions.Verdict> verdicts = record.suggestions().verdicts();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.size() <= VERDICT_LINES || i < VERDICT_LINES / 2 || i >= verdicts.size() - VERDICT_LINES / 2) {
                out.println("  " + verdicts.get(i).text());
            } else if (i == VERDICT_LINES / 2) {
                out.println("  … " + (verdicts.size() - VERDICT_LINES) + " more bands of rates (see report.html)");
            }
        }
        out.printf(Locale.ROOT, "theory: lr_critical = %s, lr_optimal = %s; measured: stable up to %s, diverged from %s%n",
                SweepAnalysis.rateOrNone(record.theory().lrCritical()),
                SweepAnalysis.rateOrNone(record.theory().lrOptimal()),
                SweepAnalysis.rateOrNone(record.boundary().largestStableRate()),
                SweepAnalysis.rateOrNone(record.boundary().smallestDivergedRate()));
        out.printf("wrote %s (with its plots as SVG files)%n      %s%n      %s%n",
                outcome.outDir().resolve(ReportWriter.HTML), outcome.outDir().resolve(ResultFiles.CSV),
                outcome.outDir().resolve(ResultFiles.JSON));
        out.flush();
    }
}
