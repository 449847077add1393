package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.Boundary;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.driver.sweep.SweepRunner;
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
        int series = record.series().size();
        int rates = record.curves().size() / series;
        out.printf(Locale.ROOT, "sweep '%s': %d cells (%s%d learning rates × %d step counts) in %.1f s%n",
                record.name(), record.rows().size(), series == 1 ? "" : series + " series × ", rates,
                record.rows().size() / record.curves().size(), record.timings().totalSeconds());
        if (series == 1) {
            printSeries(out, record);
        } else {
            printSeriesSideBySide(out, record);
        }
        out.printf("wrote %s (with its plots as SVG files)%n      %s%n      %s%n      %s and %s (for Spark SQL)%n",
                outcome.outDir().resolve(ReportWriter.HTML), outcome.outDir().resolve(ResultFiles.CSV),
                outcome.outDir().resolve(ResultFiles.JSON), outcome.outDir().resolve(ResultFiles.CELLS_PARQUET),
                ResultFiles.CURVES_PARQUET);
        out.flush();
    }

    /** A sweep of one series: its rates at the largest step count, its verdicts, theory beside measurement. */
    private static void printSeries(PrintWriter out, SweepRecord record) {
        SeriesResult series = record.single();
        int maxSteps = record.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
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
            String notes = row.notes();
            out.printf(Locale.ROOT, "%14.6g  %16s  %s%n", row.learningRate(), row.lossText(),
                    row.regime().words() + (notes.isEmpty() ? "" : " (" + notes + ")"));
        }
        List<Suggestions.Verdict> verdicts = series.suggestions().verdicts();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.size() <= VERDICT_LINES || i < VERDICT_LINES / 2 || i >= verdicts.size() - VERDICT_LINES / 2) {
                out.println("  " + verdicts.get(i).text());
            } else if (i == VERDICT_LINES / 2) {
                out.println("  … " + (verdicts.size() - VERDICT_LINES) + " more bands of rates (see report.html)");
            }
        }
        out.printf(Locale.ROOT, "theory: %slr_critical = %s, lr_optimal = %s; measured: stable up to %s, diverged from %s%n",
                Boolean.TRUE.equals(record.theory().separable()) ? "the classes are separable, so the loss has no finite minimum: " : "",
                SweepAnalysis.rateOrNone(series.lrCritical()),
                SweepAnalysis.rateOrNone(record.theory().lrOptimal()),
                SweepAnalysis.rateOrNone(series.boundary().largestStableRate()),
                SweepAnalysis.rateOrNone(series.boundary().smallestDivergedRate()));
    }

    /** A sweep of several series: one line each, theory's limit beside the measured edge and the best rate. */
    private static void printSeriesSideBySide(PrintWriter out, SweepRecord record) {
        int width = Math.max(30, record.series().stream().mapToInt(series -> series.series().label().length()).max()
                .orElse(0));
        String row = "%-" + width + "s  %11s  %11s  %13s  %13s  %14s%n";
        out.printf(Locale.ROOT, row, "series", "lr_critical", "stable up to",
                "diverged from", "best rate@" + record.series().get(0).boundary().steps(), "its loss");
        for (SeriesResult series : record.series()) {
            Boundary boundary = series.boundary();
            Suggestions.BestRate last = series.bestAtLargestBudget();
            out.printf(Locale.ROOT, row, series.series().label(),
                    SweepAnalysis.rateOrNone(series.lrCritical()),
                    SweepAnalysis.rateOrNone(boundary.largestStableRate()),
                    SweepAnalysis.rateOrNone(boundary.smallestDivergedRate()),
                    last == null ? "none" : SweepAnalysis.rate(last.learningRate()),
                    last == null ? "" : last.chaotic() ? SweepAnalysis.roughly(last.loss())
                            : String.format(Locale.ROOT, "%.6g", last.loss()));
        }
    }
}
