package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole program through its command line, on real Spark in local mode. */
class SweepCliTest {
    private static final String SMALL = """
            name: small
            data: {synthetic: {rows: 20, weights: [0.1], bias: 0.5, noise: 0.05, seed: 3}}
            init: {weights: [0.0], bias: -1.0}
            grid: {learning_rates: [0.01, 0.1, 10], steps: [5, 20]}
            spark: {settings: {spark.ui.enabled: "false"}}
            """;

    @TempDir
    static Path dir;

    private static Run defaultOnTwoCores;
    private static Run defaultOnOneCore;

    record Run(int exitCode, String out, String err) {
    }

    static Run sweep(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SweepCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @BeforeAll
    static void runTheDefaultSweepOnOneAndTwoCores() {
        defaultOnTwoCores = sweep("run", "--master", "local[2]", "--out", dir.resolve("local2").toString());
        defaultOnOneCore = sweep("run", "--master", "local[1]", "--out", dir.resolve("local1").toString());
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    @Test
    void theDefaultSweepOnLocal2WritesExactlyOneRowPerGridCell() throws IOException {
        assertThat(defaultOnTwoCores.exitCode()).as(defaultOnTwoCores.err()).isZero();

        List<CSVRecord> rows = csv(dir.resolve("local2/results.csv"));
        Set<String> keys = new HashSet<>();
        rows.forEach(row -> keys.add(row.get("learning_rate") + "@" + row.get("steps")));
        assertThat(rows).hasSize(20 * 6);
        assertThat(keys).hasSize(20 * 6);
        assertThat(rows.get(0).toMap()).containsKeys("learning_rate", "steps", "status", "final_loss", "bias", "w0");
    }

    @Test
    void onTheDefaultDataRateTenDivergesAndTheTinyRatesDoNot() throws IOException {
        List<CSVRecord> rows = csv(dir.resolve("local2/results.csv"));

        assertThat(rows).filteredOn(row -> row.get("learning_rate").equals("10.0"))
                .hasSize(6).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("diverged"));
        assertThat(rows).filteredOn(row -> Double.parseDouble(row.get("learning_rate")) < 0.5)
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("ok"));
    }

    @Test
    void onTheDefaultSweepDivergenceStartsWhereTheStabilityLimitSays() throws IOException {
        SweepRecord record = ResultFiles.read(dir.resolve("local2"));
        double critical = record.theory().lrCritical();

        assertThat(record.rows()).filteredOn(row -> row.learningRate() >= 1.2 * critical && row.steps() == 1000)
                .isNotEmpty().allSatisfy(row -> assertThat(row.regime()).isEqualTo(Regime.DIVERGED));
        assertThat(record.rows()).filteredOn(row -> row.learningRate() < 0.8 * critical)
                .allSatisfy(row -> assertThat(row.regime()).isNotEqualTo(Regime.DIVERGED));
        assertThat(record.single().boundary().gridStepsFromCritical()).isBetween(-1, 1);
        assertThat(record.rows()).filteredOn(row -> row.learningRate() == 1e-3)
                .allSatisfy(row -> assertThat(row.regime()).isEqualTo(Regime.UNDERSHOOT));
        assertThat(record.rows()).extracting(row -> row.regime()).contains(Regime.CONVERGED, Regime.OSCILLATING);
    }

    @Test
    void theReportIsWellFormedSelfContainedHtmlHoldingEveryPlot() throws Exception {
        Path out = dir.resolve("local2");
        String html = Files.readString(out.resolve("report.html"));

        org.w3c.dom.Document page = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("report.html").toFile());
        assertThat(page.getElementsByTagName("svg").getLength()).isEqualTo(6);
        assertThat(page.getElementsByTagName("table").getLength()).isGreaterThanOrEqualTo(4);
        for (String plot : List.of("loss-vs-rate", "parameter-distance", "excess-heatmap", "loss-curves", "fitted-lines",
                "hessian-spectrum")) {
            assertThat(out.resolve(plot + ".svg")).isNotEmptyFile();
            assertThat(html).contains("<svg id='" + plot + "'");
        }
        assertThat(html).doesNotContain("http://cdn").doesNotContain("<script").doesNotContain("<link")
                .doesNotContain("src=\"http");
        assertThat(html).contains("lr_critical").contains("too slow for 1000 steps").contains("diverges (overshoot)");
    }

    @Test
    void theProgressLineReachesEveryCell() {
        assertThat(defaultOnTwoCores.err()).contains("classic-lesson: 120/120 cells (100%)");
    }

    @Test
    void sweepReportRebuildsTheSameReportFromResultsJson() throws IOException {
        Path out = dir.resolve("local1");
        String before = Files.readString(out.resolve("report.html"));
        String heatmapBefore = Files.readString(out.resolve("excess-heatmap.svg"));
        Files.delete(out.resolve("report.html"));
        Files.delete(out.resolve("excess-heatmap.svg"));

        Run report = sweep("report", out.toString());

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("report.html");
        assertThat(Files.readString(out.resolve("report.html"))).isEqualTo(before);
        assertThat(Files.readString(out.resolve("excess-heatmap.svg"))).isEqualTo(heatmapBefore);
    }

    @Test
    void sweepReportOnAFolderWithoutResultsSaysSo() {
        Run report = sweep("report", dir.resolve("nothing-here").toString());

        assertThat(report.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(report.err()).contains("results.json: no such file").hasLineCount(1);
    }

    @Test
    void userStringsAreEscapedInTheReport() throws Exception {
        Files.writeString(dir.resolve("evil.csv"), "<img src=x onerror=alert(2)>,y\n0,1\n1,2\n2,2.5\n");
        Path config = Files.writeString(dir.resolve("evil.yaml"), """
                name: "<script>alert(1)</script>"
                data: {csv: {path: evil.csv, label: y}}
                grid: {learning_rates: [0.01, 0.1, 5], steps: [5, 50]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path out = dir.resolve("out-evil");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain("<script").doesNotContain("<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("report.html").toFile());
    }

    @Test
    void localOneAndLocalTwoGiveIdenticalNumbers() throws IOException {
        assertThat(defaultOnOneCore.exitCode()).as(defaultOnOneCore.err()).isZero();

        assertThat(Files.readString(dir.resolve("local1/results.csv")))
                .isEqualTo(Files.readString(dir.resolve("local2/results.csv")));
        SweepRecord one = ResultFiles.read(dir.resolve("local1"));
        SweepRecord two = ResultFiles.read(dir.resolve("local2"));
        for (int i = 0; i < one.curves().size(); i++) {
            assertThat(one.curves().get(i).loss()).isEqualTo(two.curves().get(i).loss());
        }
    }

    @Test
    void resultsJsonHoldsTheRowsCurvesAndProvenance() throws IOException {
        SweepRecord record = ResultFiles.read(dir.resolve("local2"));

        assertThat(record.name()).isEqualTo("classic-lesson");
        assertThat(record.rows()).hasSize(120);
        assertThat(record.curves()).hasSize(20);
        assertThat(record.curves().get(0).loss()).hasSameSizeAs(record.curves().get(0).steps())
                .hasSizeLessThanOrEqualTo(101 + 200 + 6 * 10);
        assertThat(record.curves().get(0).steps()).startsWith(0, 1, 2).endsWith(999, 1000);
        assertThat(record.config()).containsKeys("data", "init", "grid", "fit", "spark", "output");
        assertThat(record.seeds().data()).isEqualTo(42L);
        assertThat(record.versions().byName()).doesNotContainValue(null).containsKeys("nd4j", "openblas", "spark",
                "java", "lrsweep");
        assertThat(record.machine().cores()).isPositive();
        assertThat(record.execution().master()).isEqualTo("local[2]");
        assertThat(record.execution().tasks()).isEqualTo(1);
        assertThat(record.timings().fitSeconds()).isPositive();
        assertThat(record.dataset().rows()).isEqualTo(100);
    }

    @Test
    void theConsoleShowsTheLossPerRateAndWhereTheFilesAre() {
        assertThat(defaultOnTwoCores.out())
                .contains("120 cells (20 learning rates × 6 step counts)")
                .contains("loss@1000")
                .contains("diverged (loss rose above its start at step").contains("lr_critical = 0.993")
                .contains("results.csv").contains("results.json").contains("report.html");
        assertThat(defaultOnTwoCores.out().lines().filter(line -> line.endsWith(" converged"))).isNotEmpty();
    }

    /** fit.precision: float32 runs the same sweep in single precision and says so in results.json. */
    @Test
    void aSweepInSinglePrecisionAgreesWithDoubleToSingleDigits() throws IOException {
        Path single = Files.writeString(dir.resolve("single.yaml"), SMALL + "fit: {precision: float32}\n");
        Path twice = Files.writeString(dir.resolve("double.yaml"), SMALL);

        Run singleRun = sweep("run", "--config", single.toString(), "--out", dir.resolve("out-single").toString());
        Run doubleRun = sweep("run", "--config", twice.toString(), "--out", dir.resolve("out-double").toString());

        assertThat(singleRun.exitCode()).as(singleRun.err()).isZero();
        assertThat(doubleRun.exitCode()).as(doubleRun.err()).isZero();
        SweepRecord a = ResultFiles.read(dir.resolve("out-single"));
        SweepRecord b = ResultFiles.read(dir.resolve("out-double"));
        assertThat(((java.util.Map<?, ?>) a.config().get("fit")).get("precision")).isEqualTo("float32");
        for (int k = 0; k < b.rows().size(); k++) {
            assertThat(a.rows().get(k).regime()).isEqualTo(b.rows().get(k).regime());
            if (b.rows().get(k).regime() != Regime.DIVERGED) {
                assertThat(a.rows().get(k).finalLoss()).isCloseTo(b.rows().get(k).finalLoss(),
                        org.assertj.core.api.Assertions.within(1e-5 * b.rows().get(k).finalLoss()));
            }
        }
    }

    static Stream<Arguments> badInputs() {
        String grid = "grid: {learning_rates: [0.1], steps: [5]}\n";
        return Stream.of(
                Arguments.of("a bad learning rate", "data: {synthetic: {weights: [1]}}\n"
                        + "grid: {learning_rates: [-0.1], steps: [5]}\n", null, "grid.learning_rates[0]: -0.1"),
                Arguments.of("an unknown key", "data: {synthetic: {weights: [1]}}\n" + grid + "sparks: {}\n", null,
                        "unknown key 'sparks'"),
                Arguments.of("a missing CSV", "data: {csv: {path: missing.csv, label: y}}\n" + grid, null,
                        "missing.csv: no such file"),
                Arguments.of("a non-numeric CSV cell", "data: {csv: {path: d.csv, label: y}}\n" + grid,
                        "x,y\n1,2\n2,?\n", "d.csv line 3, column 'y': '?' is not a number"),
                Arguments.of("a missing label column", "data: {csv: {path: d.csv, label: target}}\n" + grid,
                        "x,y\n1,2\n", "column 'target' not found"),
                Arguments.of("an empty dataset", "data: {csv: {path: d.csv, label: y}}\n" + grid,
                        "x,y\n", "the dataset is empty"),
                Arguments.of("start weights of the wrong length", "data: {synthetic: {weights: [1, 2]}}\n"
                        + "init: {weights: [0]}\n" + grid, null, "init.weights: 1 values, but the data has 2 features"),
                Arguments.of("a master that is no URL", "data: {synthetic: {weights: [1]}}\n" + grid
                        + "spark: {master: foo}\n", null, "spark.master: 'foo' is not a Spark master URL"),
                Arguments.of("a local master with no threads", "data: {synthetic: {weights: [1]}}\n" + grid
                        + "spark: {master: 'local[0]'}\n", null, "spark.master: 'local[0]' is not a Spark master URL"),
                Arguments.of("a standalone master that does not answer", "data: {synthetic: {weights: [1]}}\n" + grid
                        + "spark: {master: 'spark://127.0.0.1:1'}\n", null, "no Spark master answers at 127.0.0.1:1"),
                Arguments.of("a Spark setting Spark cannot read", "data: {synthetic: {weights: [1]}}\n" + grid
                        + "spark: {settings: {spark.executor.memory: lots}}\n", null,
                        "spark.settings.spark.executor.memory: 'lots' is not a value Spark takes"),
                Arguments.of("a Spark setting Spark cannot start with", "data: {synthetic: {weights: [1]}}\n" + grid
                        + "spark: {settings: {spark.executor.memory: 1m}}\n", null, "spark: Spark did not start"),
                Arguments.of("more rows than the driver can hold", "data: {synthetic: {weights: [1], rows: 1000000000}}\n"
                        + grid, null, "data.synthetic.rows: the sweep needs about 64.0 GB of driver memory"),
                Arguments.of("more values than an array holds", "data: {synthetic: {weights: [1, 2, 3], rows: 600000000}}\n"
                        + grid, null, "data.synthetic.rows: 600000000 rows × 3 features make 2400000000 values"),
                Arguments.of("a step count beyond the largest", "data: {synthetic: {weights: [1]}}\n"
                        + "grid: {learning_rates: [0.1], steps: [2147483647]}\n", null,
                        "grid.steps[0]: 2147483647 is not a step count (need 1 to 1000000000)"),
                Arguments.of("a label named twice in the header", "data: {csv: {path: d.csv, label: y}}\n" + grid,
                        "x,y,y\n1,2,2\n", "the header names column 'y' twice"),
                Arguments.of("values whose squares overflow", "data: {csv: {path: d.csv, label: y}}\n" + grid,
                        "x,y\n1e200,2\n1,3\n", "column 'x' holds values up to 1.0E200"),
                Arguments.of("a range too narrow for its count", "data: {synthetic: {weights: [1]}}\n"
                        + "grid: {learning_rates: {from: 1, to: 1.0000000000000002, count: 10}, steps: [5]}\n", null,
                        "are not all different numbers"),
                Arguments.of("an empty CSV file", "data: {csv: {path: d.csv, label: y}}\n" + grid, "",
                        "d.csv: the file is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsOneLineAndExitCodeTwoAndWritesNothing(String what, String yaml, String csv, String expected)
            throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), yaml);
        if (csv != null) {
            Files.writeString(dir.resolve("d.csv"), csv);
        }
        Path out = dir.resolve("out-bad");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).startsWith("sweep: ").contains(expected).hasLineCount(1).doesNotContain("--resume");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCsvSweepFitsTheExactLeastSquaresSolutionAtAGoodRate() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,target\n");
        java.util.Random random = new java.util.Random(5);
        double[][] x = new double[60][2];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i][0] = 2 * random.nextDouble() - 1;
            x[i][1] = 2 * random.nextDouble() - 1;
            y[i] = 0.7 * x[i][0] - 0.3 * x[i][1] + 2 + 0.1 * random.nextGaussian();
            csv.append(x[i][0]).append(',').append(x[i][1]).append(',').append(y[i]).append('\n');
        }
        Files.writeString(dir.resolve("fit.csv"), csv);
        Path config = Files.writeString(dir.resolve("csv.yaml"), """
                name: csv
                data: {csv: {path: fit.csv, label: target}}
                grid: {learning_rates: [0.3, 20], steps: [1500]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression ols =
                new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] exact = ols.estimateRegressionParameters(); // bias, a, b

        Run run = sweep("run", "--config", config.toString(), "--out", dir.resolve("out-csv").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<CSVRecord> rows = csv(dir.resolve("out-csv/results.csv"));
        assertThat(rows).hasSize(2);
        CSVRecord good = rows.get(0);
        assertThat(good.get("status")).isEqualTo("ok");
        assertThat(Double.parseDouble(good.get("bias"))).isCloseTo(exact[0], org.assertj.core.api.Assertions.within(1e-3));
        assertThat(Double.parseDouble(good.get("w0"))).isCloseTo(exact[1], org.assertj.core.api.Assertions.within(1e-3));
        assertThat(Double.parseDouble(good.get("w1"))).isCloseTo(exact[2], org.assertj.core.api.Assertions.within(1e-3));
        assertThat(rows.get(1).get("status")).isEqualTo("diverged");
        assertThat(ResultFiles.read(dir.resolve("out-csv")).dataset().featureNames()).containsExactly("a", "b");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Run run = sweep("run", "--config", dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).isEqualTo("sweep: " + dir.resolve("absent.yaml") + ": config file not found\n");
    }

    @Test
    void anOutDirHoldingResultsIsRefusedUnlessOverwriteIsGiven() throws IOException {
        Path config = Files.writeString(dir.resolve("small.yaml"), SMALL);
        Path out = dir.resolve("out-small");

        Run first = sweep("run", "--config", config.toString(), "--out", out.toString());
        String firstCsv = Files.readString(out.resolve("results.csv"));
        Run refused = sweep("run", "--config", config.toString(), "--out", out.toString());
        Run replaced = sweep("run", "--config", config.toString(), "--out", out.toString(), "--overwrite");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(refused.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(refused.err()).contains("already holds results (use --overwrite to replace them)");
        assertThat(replaced.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(firstCsv);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("results.csv",
                    "results.json", "results.parquet", "curves.parquet", "report.html", "loss-vs-rate.svg",
                    "excess-heatmap.svg", "loss-curves.svg", "fitted-lines.svg", "parameter-distance.svg",
                    "hessian-spectrum.svg");
        }
    }

    @Test
    void helpAnswersTheFirstQuestions() {
        Run help = sweep("--help");
        Run runHelp = sweep("run", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run").contains("learning rates").contains("Exit codes");
        assertThat(runHelp.out()).contains("--config").contains("--master").contains("--out").contains("--overwrite");
    }
}
