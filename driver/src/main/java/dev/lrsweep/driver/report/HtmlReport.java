package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.Boundary;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.ParameterConvergence;
import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.output.HeldOut;
import dev.lrsweep.driver.output.ImageSamples;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Renders {@code report.html}: one self-contained page (styles inline, charts inline as SVG, no
 * network) that is also well-formed XML, so any browser and any XML tool can read it. Every string
 * that comes from the user or the data is escaped.
 */
final class HtmlReport {
    /** The most class names the page lists (all of them are in results.json). */
    private static final int CLASSES_SHOWN = 20;
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}
            h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
            td,th{padding:.2em .6em;border:1px solid #ddd;text-align:right}th{background:#f4f4f4}
            td.text,th.text{text-align:left}
            .verdicts li{margin:.2em 0}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;
            vertical-align:middle;border-radius:2px}
            figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em;max-width:900px}
            .grid{display:flex;flex-wrap:wrap;gap:2em}.grid>div{min-width:0;max-width:100%}
            .scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}
            td.text{overflow-wrap:anywhere}
            .images{display:flex;flex-wrap:wrap;gap:.8em}.images figure{margin:0;text-align:center}
            .images img{width:64px;height:64px;border:1px solid #ddd;image-rendering:pixelated}
            """;

    private HtmlReport() {
    }

    /**
     * The page.
     *
     * @param record the sweep's results and provenance
     * @param charts the charts' SVG elements with their captions, in page order
     */
    static String render(SweepRecord record, List<Figure> charts, Figure rangeTest, Figure spectrum) {
        StringBuilder html = head(record.name(), "Learning-rate sweep");
        SeriesResult series = record.single();
        verdicts(html, series.suggestions());
        html.append("<div class=\"grid\">\n<div><h2>Theory beside measurement</h2>\n<table>\n");
        theory(html, record);
        seriesTheory(html, record, series);
        html.append("</table></div>\n");
        suggestions(html, record, series);
        html.append("</div>\n");
        figures(html, spectrum == null ? List.of() : List.of(spectrum));
        rangeTestBesideGrid(html, record, rangeTest);
        html.append("<h2>Plots</h2>\n");
        figures(html, charts);
        return tail(html, record);
    }

    /**
     * The page of a sweep of several series: the series side by side (a table and {@code overview}: the chart that
     * sets them side by side, then the heatmaps over learning rate × weight decay where there are any), the
     * theory of the data (and {@code spectrum}, the Hessian's eigenvalues, where theory gives them), then a section for each series of {@code sections} with its own charts.
     */
    static String render(SweepRecord record, List<Figure> overview, Map<SeriesResult, List<Figure>> sections,
                         Figure rangeTest, Figure spectrum) {
        StringBuilder html = head(record.name(), "Learning-rate sweep");
        html.append("<h2>Series side by side</h2>\n");
        sideBySide(html, record);
        figures(html, overview);
        rangeTestBesideGrid(html, record, rangeTest);
        html.append("<h2>Theory</h2>\n<table>\n");
        theory(html, record);
        html.append("</table>\n");
        figures(html, spectrum == null ? List.of() : List.of(spectrum));
        sections.forEach((series, charts) -> {
            SweepRecord one = record.only(series);
            html.append("<h2>").append(escape(series.series().label())).append("</h2>\n");
            verdicts(html, series.suggestions());
            html.append("<div class=\"grid\">\n<div><h3>Theory beside measurement</h3>\n<table>\n");
            seriesTheory(html, one, series);
            html.append("</table></div>\n");
            suggestions(html, one, series);
            html.append("</div>\n");
            figures(html, charts);
        });
        return tail(html, record);
    }

    /**
     * The page of {@code bin/sweep find}: what the range test is, its suggestions beside each optimizer's limit,
     * its chart, and the data.
     */
    static String renderRangeTest(RangeTestRecord record, Figure chart) {
        StringBuilder html = head(record.name(), "Learning-rate range test");
        html.append("<p>One run per optimizer and batch size, the learning rate growing exponentially at every step "
                + "(Smith 2017; fastai's lr_find). The loss falls while the rate is useful and explodes once it is "
                + "too large; the suggestions read the smoothed loss. A quick heuristic: a full sweep "
                + "(bin/sweep run) measures which rates converge within a step budget.</p>\n");
        rangeTestTable(html, record.rangeTest(), null);
        figures(html, List.of(chart));
        html.append("<div class=\"grid\">\n");
        dataset(html, record.dataset(), null);
        html.append("<div><h3>Run</h3>\n<table>\n");
        row(html, "model", record.model().kind().label() + ", " + record.model().loss().label());
        row(html, "total time", String.format(Locale.ROOT, "%.2f s", record.totalSeconds()));
        html.append("</table></div>\n</div>\n");
        return html.append("</body>\n</html>\n").toString();
    }

    private static StringBuilder head(String name, String what) {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(what).append(": ").append(escape(name))
                .append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(what).append(": ").append(escape(name)).append("</h1>\n");
        return html;
    }

    /** For {@code learning_rates: auto}, the range test that laid the grid, beside what the grid measured. */
    private static void rangeTestBesideGrid(StringBuilder html, SweepRecord record, Figure chart) {
        RangeTestRun run = record.rangeTest();
        if (run == null) {
            return;
        }
        html.append("<h2>Range test beside the grid</h2>\n<p>grid.learning_rates: auto laid the grid from ")
                .append(SweepAnalysis.rate(run.gridFrom())).append(" to ").append(SweepAnalysis.rate(run.gridTo()))
                .append(", ").append(RangeTestRun.DECADES_BELOW).append(" decades below the smallest steepest-descent "
                        + "suggestion and ").append(RangeTestRun.DECADES_ABOVE).append(" above the largest. Where a "
                        + "suggestion falls outside the rates that converged, that heuristic is not to be trusted on "
                        + "this problem.</p>\n");
        rangeTestTable(html, run, record);
        figures(html, List.of(chart));
    }

    /**
     * One row per range test run: its suggestions and its optimizer's limit; with a sweep's record, the grid's
     * best rate at its largest step count and the band of rates that converged there, beside them.
     */
    private static void rangeTestTable(StringBuilder html, RangeTestRun run, SweepRecord sweep) {
        html.append("<table>\n<tr><th class=\"text\">series</th><th>steps run</th><th class=\"text\">stopped because</th>")
                .append("<th>steepest (suggested)</th><th>valley</th><th>minimum ÷ 10</th><th>lr_critical</th>");
        int maxSteps = sweep == null ? 0 : sweep.rows().stream().mapToInt(CellResult::steps).max().orElseThrow();
        if (sweep != null) {
            html.append("<th class=\"text\">grid's best rate per step budget</th><th>converged at ")
                    .append(maxSteps).append(" steps</th><th class=\"text\">suggestions among them</th>");
        }
        html.append("</tr>\n");
        for (RangeTestResult one : run.runs()) {
            html.append("<tr><td class=\"text\">").append(escape(one.series().label())).append("</td><td>")
                    .append(one.rates().length).append("</td><td class=\"text\">").append(escape(one.stoppedBecause()))
                    .append("</td><td><b>").append(SweepAnalysis.rateOrNone(one.steepest())).append("</b></td><td>")
                    .append(SweepAnalysis.rateOrNone(one.valley())).append("</td><td>")
                    .append(SweepAnalysis.rateOrNone(one.minimumOverTen())).append("</td><td>")
                    .append(SweepAnalysis.rateOrNone(one.lrCritical())).append("</td>");
            if (sweep != null) {
                SeriesResult series = rangeTested(sweep, one, false);
                String best = series.suggestions().bestPerStepCount().stream()
                        .map(rate -> rate.steps() + ": " + SweepAnalysis.rate(rate.learningRate()))
                        .collect(Collectors.joining(", "));
                double[] converged = sweep.rows().stream().filter(row -> row.series().equals(series.series())
                                && row.steps() == maxSteps && row.regime().converged())
                        .mapToDouble(CellResult::learningRate).sorted().toArray();
                List<String> among = new ArrayList<>();
                Map.of("steepest", one.steepest() == null ? Double.NaN : one.steepest(),
                        "valley", one.valley() == null ? Double.NaN : one.valley(),
                        "minimum ÷ 10", one.minimumOverTen() == null ? Double.NaN : one.minimumOverTen())
                        .forEach((name, rate) -> {
                            if (converged.length > 0 && rate >= converged[0] && rate <= converged[converged.length - 1]) {
                                among.add(name);
                            }
                        });
                among.sort(null);
                html.append("<td class=\"text\">").append(best.isEmpty() ? "none" : best)
                        .append("</td><td>").append(converged.length == 0 ? "none" : SweepAnalysis.rate(converged[0])
                                + " … " + SweepAnalysis.rate(converged[converged.length - 1]))
                        .append("</td><td class=\"text\">").append(among.isEmpty() ? "none" : String.join(", ", among))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        for (String caveat : run.caveats()) {
            html.append("<p><b>note:</b> ").append(escape(caveat)).append("</p>\n");
        }
        if (sweep != null) {
            oneCycleBesideValley(html, run, sweep, maxSteps);
        }
    }

    /**
     * The grid's series of the range test's optimizer and batch size (its first seed): under a one-cycle schedule
     * ({@code oneCycle}) or else the one the range test runs, at a constant rate without weight decay where the grid
     * has it, else its first; null for a one-cycle one where the grid has none.
     */
    private static SeriesResult rangeTested(SweepRecord sweep, RangeTestResult one, boolean oneCycle) {
        List<SeriesResult> same = sweep.series().stream().filter(s -> s.series().optimizer().equals(
                        one.series().optimizer()) && java.util.Objects.equals(s.series().batchSize(),
                        one.series().batchSize()) && (s.series().seed() == null || s.series().seed() == 0)
                        && (s.series().schedule() instanceof Schedule.OneCycle) == oneCycle)
                .toList();
        return same.stream().filter(s -> s.series().weightDecay() == 0
                        && (oneCycle || s.series().schedule() == Schedule.CONSTANT)).findFirst()
                .orElse(same.isEmpty() ? null : same.get(0));
    }

    /**
     * fastai's {@code fit_one_cycle} takes {@code lr_find}'s valley as its peak rate: where the grid also runs a
     * one-cycle schedule for a range test's optimizer and batch size, the valley beside the grid's best peak under
     * it at the largest step budget, and how the grid's peak nearest the valley fared there.
     */
    private static void oneCycleBesideValley(StringBuilder html, RangeTestRun run, SweepRecord sweep, int maxSteps) {
        for (RangeTestResult one : run.runs()) {
            SeriesResult cycle = rangeTested(sweep, one, true);
            if (cycle == null || one.valley() == null) {
                continue;
            }
            Suggestions.BestRate best = cycle.suggestions().bestAt(maxSteps);
            CellResult nearest = sweep.rows().stream().filter(row -> row.series().equals(cycle.series())
                            && row.steps() == maxSteps)
                    .min(java.util.Comparator.comparingDouble(row -> Math.abs(Math.log(row.learningRate()
                            / one.valley())))).orElseThrow();
            html.append("<p><b>One cycle.</b> fastai's <code>fit_one_cycle</code> takes the range test's valley as "
                    + "its peak rate: for ").append(escape(one.series().label())).append(", ")
                    .append(SweepAnalysis.rate(one.valley())).append(". Under ")
                    .append(escape(cycle.series().label())).append(" the grid's best peak after ").append(maxSteps)
                    .append(" steps is ").append(best == null ? "none"
                            : SweepAnalysis.rate(best.learningRate()) + " (loss " + (best.chaotic()
                            ? SweepAnalysis.roughly(best.loss()) : String.format(Locale.ROOT, "%.6g", best.loss()))
                            + String.format(Locale.ROOT, ", %.3g× the valley)", best.learningRate() / one.valley()))
                    .append("; its peak nearest the valley, ").append(SweepAnalysis.rate(nearest.learningRate()))
                    .append(", ").append(escape(nearest.regime().label())).append(" at loss ")
                    .append(escape(nearest.lossText())).append(".</p>\n");
        }
    }

    private static String tail(StringBuilder html, SweepRecord record) {
        html.append("<h2>Data, grid and run</h2>\n<div class=\"grid\">\n");
        dataset(html, record.dataset(), record.validation());
        run(html, record);
        html.append("</div>\n");
        images(html, record.images());
        cells(html, record);
        return html.append("</body>\n</html>\n").toString();
    }

    private static void figures(StringBuilder html, List<Figure> charts) {
        for (Figure figure : charts) {
            html.append("<figure>\n").append(figure.svg()).append("\n<figcaption>").append(escape(figure.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
    }

    /** One row per series: its limit, its measured edge and its best rate at the largest step count. */
    private static void sideBySide(StringBuilder html, SweepRecord record) {
        html.append("<table>\n<tr><th class=\"text\">series</th><th class=\"text\">stability limit</th>")
                .append("<th>lr_critical</th><th>largest stable rate</th><th>smallest diverged rate</th>")
                .append("<th>grid steps from lr_critical</th><th>best rate</th><th>its loss</th></tr>\n");
        for (SeriesResult series : record.series()) {
            Boundary boundary = series.boundary();
            Suggestions.BestRate last = series.bestAtLargestBudget();
            html.append("<tr><td class=\"text\">").append(escape(series.series().label()))
                    .append("</td><td class=\"text\">").append(escape(series.lrCriticalFormula())).append("</td><td>")
                    .append(SweepAnalysis.rateOrNone(series.lrCritical())).append("</td><td>")
                    .append(SweepAnalysis.rateOrNone(boundary.largestStableRate())).append("</td><td>")
                    .append(SweepAnalysis.rateOrNone(boundary.smallestDivergedRate())).append("</td><td>")
                    .append(boundary.gridStepsFromCritical() == null ? "–" : boundary.gridStepsFromCritical())
                    .append("</td><td>").append(last == null ? "none" : SweepAnalysis.rate(last.learningRate()))
                    .append("</td><td>").append(last == null ? "" : number(last.loss())).append("</td></tr>\n");
        }
        int steps = record.series().get(0).boundary().steps();
        html.append("</table>\n<p>Measured at ").append(steps).append(" steps; the best rate is ranked by ")
                .append(Suggestions.VALIDATION_LOSS.equals(record.series().get(0).suggestions().rankedBy())
                        ? "validation loss" : "training loss")
                .append(". Stability limits are exact for linear least squares and hold near a minimum for other "
                        + "models; Adam has none in closed form.</p>\n");
    }

    /**
     * A chart as it appears on the page.
     *
     * @param svg     the inline SVG element
     * @param caption what it shows
     */
    record Figure(String svg, String caption) {
    }

    private static void verdicts(StringBuilder html, Suggestions suggestions) {
        List<Suggestions.Verdict> verdicts = suggestions.verdicts();
        boolean cut = verdicts.size() > ReportLimits.VERDICTS;
        int half = ReportLimits.VERDICTS / 2;
        html.append("<ul class=\"verdicts\">\n");
        (cut ? verdicts.subList(0, half) : verdicts).forEach(verdict -> verdict(html, verdict));
        if (cut) {
            html.append("<li>… ").append(verdicts.size() - 2 * half).append(" more bands of rates (")
                    .append(ResultFiles.JSON).append(" lists them all) …</li>\n");
            verdicts.subList(verdicts.size() - half, verdicts.size()).forEach(verdict -> verdict(html, verdict));
        }
        html.append("</ul>\n");
    }

    private static void verdict(StringBuilder html, Suggestions.Verdict verdict) {
        html.append("<li>").append(swatch(verdict.regime())).append(escape(verdict.text()))
                .append("</li>\n");
    }

    /** The rows of what theory says about the data, whatever the optimizer. */
    private static void theory(StringBuilder html, SweepRecord record) {
        Theory theory = record.theory();
        row(html, "model", describe(record));
        if (record.model().kind() == ModelSpec.Kind.CUSTOM) {
            row(html, "no closed form", "a model of your own: its loss is what its class builds, so theory knows no "
                    + "optimum, optimal loss or lr_critical for it; the floor is the best loss in the grid, and the "
                    + "sharpness is measured as the fits go");
        }
        if (theory.exactParameters() != null && record.layout().size() <= ReportLimits.PAGE_PARAMETERS) {
            String units = record.standardization() != null ? " (standardised features)" : "";
            theory.exactParameters().forEach((name, value) -> row(html, "exact " + name + units, numbers(value)));
        } else if (theory.exactParameters() != null) {
            row(html, "exact parameters", record.layout().size() + " values: theory.exact_parameters in "
                    + ResultFiles.JSON);
        }
        if (Boolean.TRUE.equals(theory.separable())) {
            row(html, "separable classes", "a hyperplane separates the classes: the loss has no finite minimum (it "
                    + "tends to 0 as the weights grow), so there is no optimum, no optimal loss and no lr_critical");
        }
        row(html, theory.floorFromGrid() ? "floor: the best loss in the grid" : "optimal loss (the floor)",
                number(theory.floor()));
        double[] eigenvalues = theory.eigenvalues();
        if (eigenvalues != null && eigenvalues.length <= ReportLimits.PAGE_PARAMETERS) {
            row(html, "Hessian eigenvalues λ at the optimum", numbers(eigenvalues));
        } else if (eigenvalues != null) {
            row(html, "Hessian eigenvalues λ at the optimum", eigenvalues.length + ", from λ_min "
                    + number(eigenvalues[theory.flatDirections() == null ? 0 : theory.flatDirections()]) + " to λ_max "
                    + number(eigenvalues[eigenvalues.length - 1]) + " (all of them in the spectrum below)");
        }
        optionalRow(html, "lr_safe (every step lowers the loss)", theory.lrSafe());
        optionalRow(html, "sharpness at the start (λ_max there" + (record.measuresSharpness() ? ", measured)" : ")"),
                theory.sharpnessStart());
        optionalRow(html, "lr_optimal = 2/(λ_min + λ_max), plain gradient descent's fastest rate", theory.lrOptimal());
        optionalRow(html, "condition number λ_max/λ_min", theory.conditionNumber());
        Conditioning conditioning = record.conditioning();
        row(html, "condition number of the data (AᵀA), as given", number(conditioning.asGiven()));
        row(html, "condition number of the data, standardised" + (record.standardization() != null
                ? " (as fitted: data.standardize)" : ""), number(conditioning.standardised()));
        if (record.standardization() == null && conditioning.worthStandardising()) {
            row(html, "suggestion", "standardise the features (data.standardize: true): the condition number falls from "
                    + number(conditioning.asGiven()) + " to " + number(conditioning.standardised())
                    + "; gradient descent on least squares needs steps in proportion to it, so about "
                    + String.format(Locale.ROOT, "%.0f", conditioning.asGiven() / conditioning.standardised())
                    + "× fewer to converge");
        }
        if (theory.flatDirections() != null && theory.flatDirections() > 0) {
            row(html, "singular Hessian", theory.flatDirections() + " flat direction"
                    + (theory.flatDirections() == 1 ? "" : "s") + " (eigenvalue 0: a constant column, collinear columns, "
                    + "or fewer rows than parameters). The optimal loss is still reached, but the minimum is a line or a "
                    + "plane: gradient descent leaves the parameters along those directions where they started, and the "
                    + "exact weights shown are the minimum-norm ones. λ_min above is the smallest non-zero eigenvalue.");
        }
    }

    /** The rows of one series: its optimizer's limit beside the edge it measured. */
    private static void seriesTheory(StringBuilder html, SweepRecord record, SeriesResult series) {
        Boundary boundary = series.boundary();
        String optimizer = series.series().optimizer().label();
        if (series.lrCritical() != null) {
            row(html, "lr_critical = " + series.lrCriticalFormula() + " at the optimum"
                    + (series.series().optimizer().kind() == Optimizer.Kind.GD ? "" : " (" + optimizer + ")"),
                    number(series.lrCritical()));
        } else if (record.theory().lrCritical() != null) {
            row(html, "lr_critical (" + optimizer + ")", series.lrCriticalFormula());
        }
        row(html, "measured at " + boundary.steps() + " steps: largest stable rate",
                SweepAnalysis.rateOrNone(boundary.largestStableRate()));
        row(html, "measured: smallest diverged rate", SweepAnalysis.rateOrNone(boundary.smallestDivergedRate()));
        if (series.lrCritical() != null) {
            row(html, "grid steps from lr_critical", boundary.gridStepsFromCritical() == null ? "–"
                    : boundary.gridStepsFromCritical().toString());
        }
        parameterConvergence(html, record, series);
    }

    /**
     * For plain gradient descent on least squares: the steps its best rate needs to bring the parameters within 1%
     * of the optimum, predicted from the spectrum, beside the distances the grid measured at that rate.
     */
    private static void parameterConvergence(StringBuilder html, SweepRecord record, SeriesResult series) {
        ParameterConvergence convergence = series.parameterConvergence();
        if (convergence == null) {
            return;
        }
        String rate = SweepAnalysis.rate(convergence.learningRate());
        String percent = String.format(Locale.ROOT, "%.0f%%", 100 * convergence.within());
        row(html, "steps to bring the parameters within " + percent + " of θ* at the best rate " + rate
                + " (predicted)", convergence.predictedSteps() == null ? "never: a direction does not contract"
                : String.format(Locale.ROOT, "%,d (at most %,d by the slowest factor max|1 − lr·λ| = %s, from λ_min "
                        + "and λ_max)", convergence.predictedSteps(), convergence.boundSteps(),
                        number(convergence.slowestFactor())));
        StringBuilder measured = new StringBuilder();
        for (CellResult row : record.rows()) {
            if (row.learningRate() == convergence.learningRate() && row.series().equals(series.series())
                    && Double.isFinite(row.parameterDistance())) {
                measured.append(measured.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3g%% at %d",
                        100 * row.parameterDistance(), row.steps()));
            }
        }
        row(html, "measured ‖θ − θ*‖/‖θ*‖ at rate " + rate + " (start " + String.format(Locale.ROOT, "%.3g%%",
                100 * convergence.startDistance()) + ")", measured + " steps");
    }

    /**
     * The model in words, e.g. "mlp: hidden [16], tanh, cross_entropy; 161 parameters" or "network: conv2d 8@3×3
     * relu, max_pool 2, flatten, dense 10 none on 1×8×8 images of 10 classes, cross_entropy; 1,370 parameters".
     */
    static String describe(SweepRecord record) {
        ModelSpec model = record.model();
        String shape = model.kind() == ModelSpec.Kind.CUSTOM ? ": class " + model.custom()
                : model.kind() == ModelSpec.Kind.NETWORK
                ? ": " + model.layers().stream().map(Layer::describe).collect(Collectors.joining(", "))
                + (model.image() == null ? "" : " on " + model.image() + " images")
                : model.hidden().length == 0 ? "" : ": hidden " + Arrays.toString(model.hidden()) + ", "
                + model.activation().label();
        return model.kind().label() + shape + (model.classes() == 0 ? "" : " of " + model.classes() + " classes")
                + ", " + (model.kind() == ModelSpec.Kind.CUSTOM ? "its own loss" : model.loss().label()) + "; "
                + record.layout().size() + " parameters";
    }

    private static void optionalRow(StringBuilder html, String name, Double value) {
        if (value != null) {
            row(html, name, number(value));
        }
    }

    /** A number, an array or a list of rows of numbers, as read from results.json or computed. */
    private static String numbers(Object value) {
        if (value instanceof double[] values) {
            return Arrays.stream(values).mapToObj(HtmlReport::number).collect(Collectors.joining(", "));
        }
        if (value instanceof double[][] rows) {
            return Arrays.stream(rows).map(HtmlReport::numbers).collect(Collectors.joining("; "));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HtmlReport::numbers).collect(Collectors.joining(
                    list.stream().anyMatch(List.class::isInstance) ? "; " : ", "));
        }
        return value instanceof Number number ? number(number.doubleValue()) : String.valueOf(value);
    }

    private static void suggestions(StringBuilder html, SweepRecord record, SeriesResult series) {
        Suggestions suggestions = series.suggestions();
        boolean byValidation = Suggestions.VALIDATION_LOSS.equals(suggestions.rankedBy());
        html.append("<div><h2>Suggestions</h2>\n<p>Best rates ranked by ")
                .append(byValidation ? "validation loss (on the held-out rows)" : "training loss").append(".</p>\n")
                .append("<table>\n<tr><th>steps</th><th>best rate</th><th>")
                .append(byValidation ? "validation loss" : "loss").append("</th><th class=\"text\">regime</th></tr>\n");
        for (Suggestions.BestRate best : suggestions.bestPerStepCount()) {
            html.append("<tr><td>").append(best.steps()).append("</td><td>").append(SweepAnalysis.rate(best.learningRate()))
                    .append("</td><td>").append(best.chaotic() ? escape(SweepAnalysis.roughly(best.loss())) + " (chaotic)"
                            : number(best.loss())).append("</td><td class=\"text\">")
                    .append(escape(best.regime().words())).append("</td></tr>\n");
        }
        if (suggestions.bestPerStepCount().isEmpty()) {
            html.append("<tr><td class=\"text\" colspan=\"4\">no rate converged or stayed finite: no best rate</td></tr>\n");
        }
        Suggestions.SafeRate safe = suggestions.largestSafe();
        html.append("</table>\n<p>Largest safe rate (").append(series.lrCritical() != null ? "below lr_critical, " : "")
                .append("never diverged, not unstable at the largest step count, converged at a step count of the "
                        + "grid): <b>")
                .append(safe == null ? "none</b>" : SweepAnalysis.rate(safe.learningRate()) + "</b>, converged within "
                        + safe.convergedWithin() + " steps").append("</p>\n");
        chaotic(html, record.rows().stream().filter(row -> row.series().equals(series.series())).toList());
        html.append("</div>\n");
    }

    /** Which of a series' cells are chaotic, and which were not measured, in a sentence; nothing where none ran a twin. */
    private static void chaotic(StringBuilder html, List<CellResult> cells) {
        List<CellResult> measured = cells.stream().filter(row -> !Double.isNaN(row.sensitivity())).toList();
        if (measured.isEmpty()) {
            return;
        }
        double[] rates = measured.stream().mapToDouble(CellResult::learningRate).distinct().sorted().toArray();
        List<CellResult> chaotic = measured.stream().filter(CellResult::chaotic).toList();
        html.append("<p>Sensitivity twins ran for the rates ").append(SweepAnalysis.rate(rates[0]))
                .append(rates.length > 1 ? " … " + SweepAnalysis.rate(rates[rates.length - 1]) : "")
                .append(" (regimes.sensitivity): ");
        if (chaotic.isEmpty()) {
            html.append("no cell is chaotic; every loss shown is reproducible to its printed digits.</p>\n");
            return;
        }
        html.append("<b>").append(chaotic.size()).append(" cell").append(chaotic.size() == 1 ? " is" : "s are")
                .append(" chaotic</b> (")
                .append(escape(chaotic.stream().map(row -> SweepAnalysis.rate(row.learningRate()) + " at "
                        + row.steps()).limit(8).collect(Collectors.joining(", "))))
                .append(chaotic.size() > 8 ? ", …" : "")
                .append("): a twin started a rounding-sized offset (1e-12 in float64) away from the run's state "
                        + "100 steps before (or at the start) ends apart by more than the chaotic threshold (1e-6), so the digits of their losses "
                        + "past the first depend on rounding (the order rows are summed in, the machine, the "
                        + "parallelism). Their losses are shown as ≈ and drawn as hollow rings.</p>\n");
    }

    /**
     * A few of the input images, each with its label: a PNG of its pixels, darker for larger values (ink on paper),
     * scaled from the image's smallest value to its largest; three channels as red, green and blue, any other count
     * by its first.
     */
    private static void images(StringBuilder html, ImageSamples images) {
        if (images == null || images.images().length == 0) {
            return;
        }
        int channels = images.shape()[0];
        int height = images.shape()[1];
        int width = images.shape()[2];
        int plane = height * width;
        boolean colour = channels == 3;
        html.append("<h3>Some of the images</h3>\n<div class=\"images\">\n");
        for (int i = 0; i < images.images().length; i++) {
            double[] image = images.images()[i];
            int shown = colour ? 3 * plane : plane;
            double min = Arrays.stream(image, 0, shown).min().orElse(0);
            double max = Arrays.stream(image, 0, shown).max().orElse(1);
            double span = max > min ? max - min : 1;
            BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int level = (int) Math.round(255 * (image[(colour ? c * plane : 0) + y * width + x] - min)
                                / span);
                        rgb = rgb << 8 | (colour ? level : 255 - level);
                    }
                    picture.setRGB(x, y, rgb);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(picture, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            html.append("<figure><img alt=\"image ").append(i + 1).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\"><figcaption>")
                    .append(escape(label(images.labels()[i]))).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    /** A label as the data gives it: a whole number without a fraction. */
    private static String label(double label) {
        return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label) : number(label);
    }

    private static void dataset(StringBuilder html, DatasetSummary data, HeldOut validation) {
        html.append("<div><h3>Dataset</h3>\n<table>\n");
        row(html, "source", data.source());
        if (data.sha256() != null) {
            row(html, "SHA-256", data.sha256().length() > 16 ? data.sha256().substring(0, 16) + "…" : data.sha256());
        }
        row(html, "rows", Integer.toString(data.rows()) + (validation == null ? "" : " fitted on"));
        if (validation != null) {
            row(html, "held out for validation", validation.rows() + " rows (data.validation: fraction "
                    + validation.fraction() + ", seed " + validation.seed() + ")");
        }
        row(html, "features", String.join(", ", data.featureNames()));
        row(html, "label", data.labelName());
        if (data.classes() != null) {
            List<String> classes = data.classes();
            row(html, "classes", classes.size() + ": " + String.join(", ", classes.size() <= CLASSES_SHOWN ? classes
                    : classes.subList(0, CLASSES_SHOWN)) + (classes.size() <= CLASSES_SHOWN ? "" : ", …")
                    + " (numbered 0 … " + (classes.size() - 1) + " in this order)");
        }
        if (data.trueWeights() != null) {
            row(html, "generated with weights", Arrays.toString(data.trueWeights()) + ", bias " + data.trueBias());
        }
        html.append("</table>\n<table>\n<tr><th class=\"text\">column</th><th>mean</th><th>std</th><th>min</th>")
                .append("<th>max</th></tr>\n");
        for (DatasetSummary.ColumnSummary column : data.columns()) {
            html.append("<tr><td class=\"text\">").append(escape(column.name())).append("</td><td>")
                    .append(number(column.mean())).append("</td><td>").append(number(column.std())).append("</td><td>")
                    .append(number(column.min())).append("</td><td>").append(number(column.max())).append("</td></tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static void run(StringBuilder html, SweepRecord record) {
        html.append("<div><h3>Grid and run</h3>\n<table>\n");
        int[] steps = record.rows().stream().mapToInt(CellResult::steps).distinct().sorted().toArray();
        double[] rates = record.curves().stream().mapToDouble(LossCurve::learningRate).distinct().sorted().toArray();
        if (record.series().size() > 1) {
            row(html, "series", record.series().size() + ": " + record.series().stream()
                    .map(series -> series.series().label()).collect(Collectors.joining("; ")));
        }
        row(html, "learning rates", rates.length + ", " + SweepAnalysis.rate(rates[0]) + " … "
                + SweepAnalysis.rate(rates[rates.length - 1]));
        row(html, "step counts", Arrays.toString(steps));
        row(html, "cells", Integer.toString(record.rows().size()));
        if (record.execution() != null) {
            row(html, "Spark master", record.execution().master());
            row(html, "tasks × rates per task", record.execution().tasks() + " × " + record.execution().ratesPerTask());
        }
        row(html, "fit time", String.format(Locale.ROOT, "%.2f s (%.0f s foreseen)", record.timings().fitSeconds(),
                record.timings().foreseenFitSeconds()));
        row(html, "total time", String.format(Locale.ROOT, "%.2f s", record.timings().totalSeconds()));
        if (record.machine() != null) {
            row(html, "driver's machine", record.machine().os() + ", " + record.machine().arch() + ", "
                    + record.machine().cores() + " cores");
        }
        for (Map.Entry<String, String> version : record.versions().byName().entrySet()) {
            row(html, version.getKey(), version.getValue());
        }
        html.append("</table></div>\n");
    }

    private static void cells(StringBuilder html, SweepRecord record) {
        List<CellResult> rows = record.rows();
        // beyond a few, the parameters would widen the page: they are in results.csv
        List<String> parameters = record.layout().size() <= ReportLimits.PAGE_PARAMETERS ? record.parameterColumns()
                : List.of();
        html.append("<h2>Every cell</h2>\n");
        if (parameters.isEmpty() && !record.parameterColumns().isEmpty()) {
            html.append("<p>The ").append(record.layout().size()).append(" parameters of each cell are in ")
                    .append(ResultFiles.CSV).append(".</p>\n");
        }
        List<CellResult> shown = rows;
        if (rows.size() > ReportLimits.TABLE_ROWS) {
            int maxSteps = rows.stream().mapToInt(CellResult::steps).max().orElseThrow();
            // in grid order: series by series, each in ascending rates
            List<CellResult> atMaxSteps = rows.stream().filter(row -> row.steps() == maxSteps).toList();
            shown = Arrays.stream(Thinning.evenly(atMaxSteps.size(), ReportLimits.TABLE_ROWS))
                    .mapToObj(atMaxSteps::get).toList();
            html.append("<p>The ").append(shown.size()).append(" of ").append(rows.size())
                    .append(" cells at the largest step count, ").append(maxSteps).append(", for ")
                    .append(shown.size() < atMaxSteps.size() ? shown.size() + " evenly spaced learning rates"
                            : "every learning rate")
                    .append("; ").append(ResultFiles.CSV).append(" holds every cell.</p>\n");
        }
        boolean several = record.series().size() > 1;
        html.append("<div class=\"scroll\"><table>\n<tr>").append(several ? "<th class=\"text\">series</th>" : "")
                .append("<th>learning rate</th><th>steps</th>")
                .append("<th class=\"text\">regime</th><th>loss</th><th>excess loss</th>")
                .append(record.classifies() ? "<th>accuracy</th>" : "")
                .append(record.measuresSharpness() ? "<th>sharpness</th>" : "")
                .append(record.knowsOptimum() ? "<th>‖θ − θ*‖/‖θ*‖</th>" : "");
        for (String name : parameters) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("<th class=\"text\">note</th></tr>\n");
        for (CellResult row : shown) {
            Regime regime = row.regime();
            html.append("<tr style=\"background:").append(RegimeColours.css(regime)).append("22\">")
                    .append(several ? "<td class=\"text\">" + escape(row.series().label()) + "</td>" : "").append("<td>")
                    .append(SweepAnalysis.rate(row.learningRate())).append("</td><td>").append(row.steps())
                    .append("</td><td class=\"text\">").append(swatch(regime)).append(regime.words()).append("</td><td>")
                    .append(row.chaotic() ? escape(row.lossText()) : number(row.finalLoss())).append("</td><td>").append(number(row.excessLoss())).append("</td>")
                    .append(record.classifies() ? "<td>" + number(row.accuracy()) + "</td>" : "")
                    .append(record.measuresSharpness() ? "<td>" + number(row.sharpness()) + "</td>" : "")
                    .append(record.knowsOptimum() ? "<td>" + number(row.parameterDistance()) + "</td>" : "");
            for (int j = 0; j < parameters.size(); j++) {
                html.append("<td>").append(number(row.parameters()[j])).append("</td>");
            }
            html.append("<td class=\"text\">").append(escape(row.notes())).append("</td></tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th class=\"text\">").append(escape(name)).append("</th><td class=\"text\">")
                .append(escape(value)).append("</td></tr>\n");
    }

    private static String swatch(Regime regime) {
        return "<span class=\"swatch\" style=\"background:" + RegimeColours.css(regime) + "\"></span>";
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    static String escape(String text) {
        return StringEscapeUtils.escapeXml10(text);
    }
}
