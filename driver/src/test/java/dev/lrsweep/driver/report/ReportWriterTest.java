package dev.lrsweep.driver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.DivergenceCause;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.descent.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportWriterTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final double[] DEFAULT_RATES = TestRecords.logSpaced(1e-3, 10, 20);
    private static final int[] DEFAULT_STEPS = {10, 50, 100, 200, 500, 1000};
    private static final List<String> ONE_FEATURE_FILES = List.of("report.html", "loss-vs-rate.svg",
            "excess-heatmap.svg", "loss-curves.svg", "fitted-lines.svg");

    private static final Pattern NON_FINITE_ATTRIBUTE = Pattern.compile("=['\"][^'\"]*(NaN|Infinity)");

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheChartingClassesOnce(@TempDir Path warmUp) throws IOException {
        ReportWriter.write(warmUp, TestRecords.modelSweep(DEFAULT_RATES, DEFAULT_STEPS, 1));
    }

    static Stream<Arguments> oddRecords() {
        SweepRecord classic = TestRecords.modelSweep(DEFAULT_RATES, DEFAULT_STEPS, 1);
        double[] everyOddNumber = {1e300, 1e-300, 0, NAN, INF, -INF, -1e300, Double.MAX_VALUE, Double.MIN_VALUE, 0.5};
        return Stream.of(
                Arguments.of("losses, weights and excess losses of 1e300, 1e-300, 0, NaN and ±Infinity; optimal loss 0, "
                        + "lr_critical Infinity", withOddNumbers(classic, theory(0, INF, NAN), everyOddNumber)),
                Arguments.of("a start point far away: every loss from 1e300 to the largest double, optimal loss 1e-300",
                        withOddNumbers(classic, theory(1e-300, 1e-300, 1e300), 1e300, 1e305, Double.MAX_VALUE, 3e307)),
                Arguments.of("optimal loss NaN, lr_critical negative", withOddNumbers(classic, theory(NAN, -1, 0),
                        everyOddNumber)),
                Arguments.of("optimal loss Infinity, lr_critical 0", withOddNumbers(classic, theory(INF, 0, -INF),
                        everyOddNumber)),
                Arguments.of("nothing but NaN and ±Infinity", withOddNumbers(classic, theory(NAN, NAN, NAN), NAN, INF, -INF)),
                Arguments.of("every loss exactly the optimal loss, 0", withOddNumbers(classic, theory(0, 1, 0.8), 0)),
                Arguments.of("learning rates from 1e-300 to 1e300", TestRecords.modelSweep(
                        new double[] {1e-300, 1e-100, 1e-3, 0.5, 0.9, 2, 1e100, 1e300}, DEFAULT_STEPS, 1)),
                Arguments.of("one learning rate and one step count", TestRecords.modelSweep(new double[] {0.1},
                        new int[] {1}, 1)),
                Arguments.of("one learning rate that diverges at the first step", TestRecords.modelSweep(new double[] {5},
                        new int[] {3}, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddRecords")
    void everyChartIsDrawnQuicklyFromFiniteValuesWhateverTheNumbers(String what, SweepRecord record) throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ReportWriter.write(dir, record));

        for (String file : ONE_FEATURE_FILES) {
            assertThat(dir.resolve(file)).isNotEmptyFile();
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve(file).toFile());
        }
        for (String file : ONE_FEATURE_FILES.subList(1, ONE_FEATURE_FILES.size())) {
            String svg = Files.readString(dir.resolve(file));
            Matcher nonFinite = NON_FINITE_ATTRIBUTE.matcher(svg);
            assertThat(nonFinite.find() ? svg.substring(Math.max(0, nonFinite.start() - 100), nonFinite.end()) : null)
                    .as("a non-finite number drawn in " + file).isNull();
        }
    }

    @Test
    void aHundredThousandRatesMakeAPageOfAFewMegabytesInSeconds() throws Exception {
        SweepRecord sweep = TestRecords.modelSweep(TestRecords.logSpaced(1e-4, 1.2, 100_000), new int[] {5, 20}, 1);
        // thousands of verdicts: a stretch of rates whose regime at 20 steps alternates
        List<CellResult> rows = new ArrayList<>(sweep.rows());
        for (int k = 80_000; k < 100_000; k += 2) {
            CellResult row = rows.get(k + 1);
            rows.set(k + 1, new CellResult(row.optimizer(), row.batchSize(), row.seed(), row.schedule(), row.weightDecay(), row.learningRate(), row.steps(), row.status(),
                    (k / 2) % 2 == 0 ? Regime.CONVERGED
                    : Regime.OSCILLATING, row.finalLoss(), row.excessLoss(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, row.parameterDistance(), row.parameters(), null, null, null, null, null, Double.NaN, false, null));
        }
        SweepRecord huge = TestRecords.with(sweep, sweep.theory(), rows, sweep.curves(), sweep.dataset(), sweep.points());
        assertThat(huge.single().suggestions().verdicts()).hasSizeGreaterThan(5_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ReportWriter.write(dir, huge));

        assertThat(Files.size(dir.resolve("report.html"))).isLessThan(2_000_000);
        for (String file : ONE_FEATURE_FILES.subList(1, ONE_FEATURE_FILES.size())) {
            assertThat(Files.size(dir.resolve(file))).as(file).isLessThan(500_000);
        }
        org.w3c.dom.Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile());
        org.w3c.dom.NodeList tables = page.getElementsByTagName("table");
        org.w3c.dom.Element everyCell = (org.w3c.dom.Element) tables.item(tables.getLength() - 1);
        assertThat(everyCell.getElementsByTagName("tr").getLength()).isEqualTo(1 + ReportLimits.TABLE_ROWS);
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("The 1000 of 200000 cells at the largest step count, 20, for 1000 evenly spaced learning rates; "
                        + "results.csv holds every cell.")
                .contains("more bands of rates (results.json lists them all)");
        assertThat(page.getElementsByTagName("li").getLength()).isEqualTo(ReportLimits.VERDICTS + 1);
    }

    @Test
    void whenThePageCannotBeDrawnNoFileIsWritten() throws IOException {
        SweepRecord full = TestRecords.modelSweep(DEFAULT_RATES, DEFAULT_STEPS, 1);
        SweepRecord withoutTimings = new SweepRecord(full.name(), full.config(), full.dataset(), full.model(),
                full.layout(), full.points(), full.classPoints(), full.images(), full.standardization(), full.conditioning(),
                full.validation(),
                full.start(), full.seeds(), full.versions(), full.machine(), full.execution(), null, full.theory(), full.series(),
                full.seedSummaries(), full.rangeTest(), full.rows(), full.curves());

        assertThatThrownBy(() -> ReportWriter.write(dir, withoutTimings)).isInstanceOf(NullPointerException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aReportDeletesItsOwnChartFilesThatItDidNotWriteAndNoOtherFile() throws IOException {
        ReportWriter.write(dir, TestRecords.modelSweep(DEFAULT_RATES, DEFAULT_STEPS, 1));
        Files.writeString(dir.resolve("results.csv"), "kept");
        Files.writeString(dir.resolve("notes.svg"), "kept");
        Files.writeString(dir.resolve("fitted-lines.png"), "kept");

        ReportWriter.write(dir, TestRecords.modelSweep(DEFAULT_RATES, DEFAULT_STEPS, 3));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("report.html",
                    "loss-vs-rate.svg", "excess-heatmap.svg", "loss-curves.svg", "hessian-spectrum.svg", "results.csv",
                    "notes.svg",
                    "fitted-lines.png");
        }
    }

    private static Theory theory(double optimalLoss, double lrCritical, double lrOptimal) {
        return new Theory(LinearStart.tree(new double[] {optimalLoss}, optimalLoss), optimalLoss, optimalLoss,
                Theory.OPTIMAL_LOSS, new double[] {0, lrOptimal}, 1, lrCritical, lrCritical, 2 / lrCritical,
                lrOptimal, lrCritical / lrOptimal, null);
    }

    /**
     * The record's numbers replaced, in turn, by the odd ones, its cells' regimes by every regime in
     * turn, and its data's SHA-256 by a string shorter than the report shows of it.
     */
    private static SweepRecord withOddNumbers(SweepRecord record, Theory theory, double... odd) {
        Regime[] regimes = Regime.values();
        List<CellResult> rows = new ArrayList<>();
        for (int k = 0; k < record.rows().size(); k++) {
            CellResult row = record.rows().get(k);
            Regime regime = regimes[k % regimes.length];
            double[] weights = new double[row.parameters().length - 1];
            Arrays.fill(weights, odd[(k + 3) % odd.length]);
            rows.add(new CellResult(row.optimizer(), row.batchSize(), row.seed(), row.schedule(), row.weightDecay(), row.learningRate(), row.steps(),
                    regime == Regime.FAILED ? TrialStatus.FAILED : TrialStatus.OK, regime, odd[k % odd.length],
                    odd[(k + 1) % odd.length], Double.NaN, Double.NaN, Double.NaN, Double.NaN, row.parameterDistance(), LinearStart.values(weights,
                    odd[(k + 2) % odd.length]), null, regime == Regime.DIVERGED ? 1 : null,
                    regime == Regime.DIVERGED ? DivergenceCause.NOT_FINITE : null, null, null, Double.NaN, false,
                    regime == Regime.FAILED ? "boom" : null));
        }
        List<LossCurve> curves = new ArrayList<>();
        for (int i = 0; i < record.curves().size(); i++) {
            LossCurve curve = record.curves().get(i);
            double[] loss = new double[curve.loss().length];
            for (int t = 0; t < loss.length; t++) {
                loss[t] = odd[(t + i) % odd.length];
            }
            curves.add(new LossCurve(curve.optimizer(), curve.batchSize(), curve.seed(), curve.schedule(), curve.weightDecay(), curve.learningRate(), curve.status(), curve.divergedAtStep(), curve.roseAboveStartAtStep(), Double.NaN, curve.steps(), loss, curve.reversals()));
        }
        double[] x = record.points().x().clone();
        double[] y = record.points().y().clone();
        for (int i = 0; i < x.length; i += 3) {
            x[i] = odd[i % odd.length];
            y[i] = odd[(i + 1) % odd.length];
        }
        DatasetSummary data = record.dataset();
        DatasetSummary dataset = new DatasetSummary(data.source(), "c0ffee", data.rows(), data.featureNames(),
                data.labelName(), data.columns(), new double[] {odd[0]}, odd[odd.length - 1], null);
        return TestRecords.with(record, theory, rows, curves, dataset, new Points(x, y));
    }
}
