package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.Boundary;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.output.HeldOut;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Renders {@code report.html}: one self-contained page (styles inline, charts inline as SVG, no
 * network) that is also well-formed XML, so any browser and any XML tool can read it. Every string
 * that comes from the user or the data is escaped.
 */
final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}
            h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
            td,th{padding:.2em .6em;border:1px solid #ddd;text-align:right}th{background:#f4f4f4}
            td.text,th.text{text-align:left}
            .verdicts li{margin:.2em 0}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;
            vertical-align:middle;border-radius:2px}
            figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em;max-width:900px}
            .grid{display:flex;flex-wrap:wrap;gap:2em}
            """;

    private HtmlReport() {
    }

    /**
     * The page.
     *
     * @param record the sweep's results and provenance
     * @param charts the charts' SVG elements with their captions, in page order
     */
    static String render(SweepRecord record, List<Figure> charts) {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>Learning-rate sweep: ").append(escape(record.name()))
                .append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Learning-rate sweep: ").append(escape(record.name())).append("</h1>\n");
        verdicts(html, record.suggestions());
        html.append("<div class=\"grid\">\n");
        theory(html, record);
        suggestions(html, record.suggestions());
        html.append("</div>\n<h2>Plots</h2>\n");
        for (Figure figure : charts) {
            html.append("<figure>\n").append(figure.svg()).append("\n<figcaption>").append(escape(figure.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        html.append("<h2>Data, grid and run</h2>\n<div class=\"grid\">\n");
        dataset(html, record.dataset(), record.validation());
        run(html, record);
        html.append("</div>\n");
        cells(html, record);
        return html.append("</body>\n</html>\n").toString();
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

    private static void theory(StringBuilder html, SweepRecord record) {
        Theory theory = record.theory();
        Boundary boundary = record.boundary();
        html.append("<div><h2>Theory beside measurement</h2>\n<table>\n");
        row(html, "model", describe(record));
        if (theory.exactParameters() != null && record.layout().size() <= SweepRecord.TABLE_PARAMETERS) {
            String units = record.standardization() != null ? " (standardised features)" : "";
            theory.exactParameters().forEach((name, value) -> row(html, "exact " + name + units, numbers(value)));
        }
        if (Boolean.TRUE.equals(theory.separable())) {
            row(html, "separable classes", "a hyperplane separates the classes: the loss has no finite minimum (it "
                    + "tends to 0 as the weights grow), so there is no optimum, no optimal loss and no lr_critical");
        }
        row(html, theory.floorFromGrid() ? "floor: the best loss in the grid" : "optimal loss (the floor)",
                number(theory.floor()));
        if (theory.eigenvalues() != null && theory.eigenvalues().length <= SweepRecord.TABLE_PARAMETERS) {
            row(html, "Hessian eigenvalues λ at the optimum", numbers(theory.eigenvalues()));
        }
        optionalRow(html, "lr_critical = 2/λ_max at the optimum", theory.lrCritical());
        optionalRow(html, "lr_safe (every step lowers the loss)", theory.lrSafe());
        optionalRow(html, "sharpness at the start (λ_max there" + (record.measuresSharpness() ? ", measured)" : ")"),
                theory.sharpnessStart());
        optionalRow(html, "lr_optimal = 2/(λ_min + λ_max)", theory.lrOptimal());
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
        row(html, "measured at " + boundary.steps() + " steps: largest stable rate",
                SweepAnalysis.rateOrNone(boundary.largestStableRate()));
        row(html, "measured: smallest diverged rate", SweepAnalysis.rateOrNone(boundary.smallestDivergedRate()));
        if (theory.lrCritical() != null) {
            row(html, "grid steps from lr_critical", boundary.gridStepsFromCritical() == null ? "–"
                    : boundary.gridStepsFromCritical().toString());
        }
        html.append("</table></div>\n");
    }

    /** The model in words, e.g. "mlp: hidden [16], tanh, cross_entropy; 161 parameters". */
    static String describe(SweepRecord record) {
        var model = record.model();
        return model.kind() + (model.hidden() == null ? "" : ": hidden " + Arrays.toString(model.hidden()) + ", "
                + model.activation()) + ", " + model.loss() + "; " + record.layout().size() + " parameters";
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

    private static void suggestions(StringBuilder html, Suggestions suggestions) {
        boolean byValidation = Suggestions.VALIDATION_LOSS.equals(suggestions.rankedBy());
        html.append("<div><h2>Suggestions</h2>\n<p>Best rates ranked by ")
                .append(byValidation ? "validation loss (on the held-out rows)" : "training loss").append(".</p>\n")
                .append("<table>\n<tr><th>steps</th><th>best rate</th><th>")
                .append(byValidation ? "validation loss" : "loss").append("</th><th class=\"text\">regime</th></tr>\n");
        for (Suggestions.BestRate best : suggestions.bestPerStepCount()) {
            html.append("<tr><td>").append(best.steps()).append("</td><td>").append(SweepAnalysis.rate(best.learningRate()))
                    .append("</td><td>").append(number(best.loss())).append("</td><td class=\"text\">")
                    .append(escape(best.regime().label())).append("</td></tr>\n");
        }
        if (suggestions.bestPerStepCount().isEmpty()) {
            html.append("<tr><td class=\"text\" colspan=\"4\">no rate converged or stayed finite: no best rate</td></tr>\n");
        }
        html.append("</table>\n<p>Largest safe rate (below lr_critical, never diverged): <b>")
                .append(SweepAnalysis.rateOrNone(suggestions.largestSafeRate())).append("</b></p></div>\n");
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
        row(html, "learning rates", record.curves().size() + ", " + SweepAnalysis.rate(record.curves().get(0).learningRate())
                + " … " + SweepAnalysis.rate(record.curves().get(record.curves().size() - 1).learningRate()));
        row(html, "step counts", Arrays.toString(steps));
        row(html, "cells", Integer.toString(record.rows().size()));
        if (record.execution() != null) {
            row(html, "Spark master", record.execution().master());
            row(html, "tasks × rates per task", record.execution().tasks() + " × " + record.execution().ratesPerTask());
        }
        row(html, "fit time", String.format(Locale.ROOT, "%.2f s", record.timings().fitSeconds()));
        row(html, "total time", String.format(Locale.ROOT, "%.2f s", record.timings().totalSeconds()));
        for (Map.Entry<String, String> version : record.versions().entrySet()) {
            row(html, version.getKey(), version.getValue());
        }
        html.append("</table></div>\n");
    }

    private static void cells(StringBuilder html, SweepRecord record) {
        List<CellResult> rows = record.rows();
        List<String> parameters = record.parameterColumns();
        html.append("<h2>Every cell</h2>\n");
        List<CellResult> shown = rows;
        if (rows.size() > ReportLimits.TABLE_ROWS) {
            int maxSteps = rows.stream().mapToInt(CellResult::steps).max().orElseThrow();
            List<CellResult> atMaxSteps = rows.stream().filter(row -> row.steps() == maxSteps)
                    .sorted(Comparator.comparingDouble(CellResult::learningRate)).toList();
            shown = Arrays.stream(Thinning.evenly(atMaxSteps.size(), ReportLimits.TABLE_ROWS))
                    .mapToObj(atMaxSteps::get).toList();
            html.append("<p>The ").append(shown.size()).append(" of ").append(rows.size())
                    .append(" cells at the largest step count, ").append(maxSteps).append(", for ")
                    .append(shown.size() < atMaxSteps.size() ? shown.size() + " evenly spaced learning rates"
                            : "every learning rate")
                    .append("; ").append(ResultFiles.CSV).append(" holds every cell.</p>\n");
        }
        html.append("<table>\n<tr><th>learning rate</th><th>steps</th>")
                .append("<th class=\"text\">regime</th><th>loss</th><th>excess loss</th>")
                .append(record.classifies() ? "<th>accuracy</th>" : "")
                .append(record.measuresSharpness() ? "<th>sharpness</th>" : "");
        for (String name : parameters) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("<th class=\"text\">note</th></tr>\n");
        for (CellResult row : shown) {
            Regime regime = row.regime();
            html.append("<tr style=\"background:").append(RegimeColours.css(regime)).append("22\"><td>")
                    .append(SweepAnalysis.rate(row.learningRate())).append("</td><td>").append(row.steps())
                    .append("</td><td class=\"text\">").append(swatch(regime)).append(regime.label()).append("</td><td>")
                    .append(number(row.finalLoss())).append("</td><td>").append(number(row.excessLoss())).append("</td>")
                    .append(record.classifies() ? "<td>" + number(row.accuracy()) + "</td>" : "")
                    .append(record.measuresSharpness() ? "<td>" + number(row.sharpness()) + "</td>" : "");
            for (int j = 0; j < parameters.size(); j++) {
                html.append("<td>").append(number(row.parameters()[j])).append("</td>");
            }
            String note = row.message() != null ? row.message()
                    : row.divergedBecause() != null
                    ? row.divergedBecause().atStep(row.divergedAtStep()) : "";
            html.append("<td class=\"text\">").append(escape(note)).append("</td></tr>\n");
        }
        html.append("</table>\n");
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
