package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SeedSummary;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimizers, mini-batches and seeds as axes of a real sweep, and the range test, on Spark in local mode. */
class OptimizerSweepTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("lrsweep.home"), "conf", "examples");
    private static final String NO_UI = "spark: {settings: {spark.ui.enabled: \"false\"}}\n";

    @TempDir
    Path dir;

    private static SeriesResult series(SweepRecord record, String optimizer) {
        return record.series().stream().filter(s -> s.series().optimizer().label().equals(optimizer)).findFirst().orElseThrow();
    }

    /**
     * On the lesson's data each optimizer's measured edge of stability lies within one grid step of its formula:
     * 2/λmax for gd, 2(1+β)/λmax for momentum, 2(1+β)/((1+2β)·λmax) for Nesterov; Adam has none.
     */
    @Test
    void onTheLessonEachOptimizersMeasuredEdgeLiesWithinOneGridStepOfItsFormula() throws IOException {
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", EXAMPLES.resolve("optimizers.yaml").toString(),
                "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(dir);
        double gd = record.theory().lrCritical();
        // λmax from the exact Hessian's eigenvalues, independently of the optimizer code
        double lambdaMax = record.theory().eigenvalues()[record.theory().eigenvalues().length - 1];
        assertThat(gd).isCloseTo(2 / lambdaMax, within(1e-12));
        assertThat(series(record, "momentum 0.9").lrCritical()).isCloseTo(2 * 1.9 / lambdaMax, within(1e-12));
        assertThat(series(record, "nesterov 0.9").lrCritical()).isCloseTo(2 * 1.9 / (2.8 * lambdaMax), within(1e-12));
        assertThat(series(record, "adam").lrCritical()).isNull();
        assertThat(series(record, "adam").lrCriticalFormula()).contains("no closed limit");
        for (String optimizer : List.of("gd", "momentum 0.9", "nesterov 0.9")) {
            SeriesResult series = series(record, optimizer);
            assertThat(series.boundary().gridStepsFromCritical()).as(optimizer).isBetween(-1, 1);
            assertThat(series.boundary().largestStableRate()).as(optimizer).isLessThan(series.lrCritical() * 1.3);
            assertThat(series.boundary().smallestDivergedRate()).as(optimizer).isGreaterThan(series.lrCritical() / 1.3);
        }
        // momentum converges (excess 0 at 1000 steps) at rates where its loss rose above the start on the way, and
        // says so
        assertThat(record.rows()).filteredOn(row -> row.optimizer().equals("momentum 0.9") && row.steps() == 1000
                        && row.learningRate() > 0.5 && row.learningRate() < 1.5)
                .isNotEmpty().allSatisfy(row -> assertThat(row.regime()).isEqualTo(row.spike() == null
                        ? Regime.CONVERGED : Regime.CONVERGED_AFTER_SPIKE))
                .anySatisfy(row -> assertThat(row.spike()).isNotNull());
        // one row per cell, with the new columns; the report sets the series side by side, then one section each
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(1 + 4 * 41 * 3);
        assertThat(csv.get(0)).startsWith("optimizer,schedule,weight_decay,batch_size,seed,learning_rate,steps,");
        assertThat(csv.get(1)).startsWith("gd,constant,0.0,full,,0.001,10,");
        assertThat(csv).anyMatch(line -> line.startsWith("nesterov 0.9,constant,0.0,full,,"));
        String page = Files.readString(dir.resolve("report.html"));
        assertThat(page).contains("Series side by side", "2(1+β)/((1+2β)·λ_max)", "<h2>adam</h2>",
                "<h2>momentum 0.9</h2>");
        assertThat(dir.resolve("series-side-by-side.svg")).isNotEmptyFile();
        assertThat(dir.resolve("loss-vs-rate.momentum-0.9.svg")).isNotEmptyFile();
        assertThat(run.out()).contains("4 series × 41 learning rates × 3 step counts", "momentum 0.9");
    }

    /**
     * Mini-batches with seeds: each seed its own reproducible run, the same on one core and on two; the full batch
     * has one series; results.json summarises the seeds, mean and spread, from the rows themselves.
     */
    @Test
    void miniBatchSeriesRepeatWithEachSeedAndAreSummarisedOverThem() throws IOException {
        String config = """
                name: mini
                data: {synthetic: {task: classification, rows: 200, weights: [2.0, -1.0], bias: 0.3, seed: 5}}
                model: {kind: logistic}
                grid:
                  learning_rates: [0.05, 0.5, 5]
                  steps: [20, 60]
                  optimizers: [gd, adam]
                  batch_sizes: [full, 32]
                  seeds: 3
                  rates_per_task: 2
                """ + NO_UI;
        Path file = dir.resolve("mini.yaml");
        Files.writeString(file, config);
        SweepCliTest.Run one = SweepCliTest.sweep("run", "--config", file.toString(), "--master", "local[1]", "--out",
                dir.resolve("one").toString());
        SweepCliTest.Run two = SweepCliTest.sweep("run", "--config", file.toString(), "--master", "local[2]", "--out",
                dir.resolve("two").toString());
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(Files.readString(dir.resolve("one/results.csv"))).isEqualTo(Files.readString(dir.resolve("two/results.csv")));
        SweepRecord record = ResultFiles.read(dir.resolve("one"));
        // 2 optimizers × (1 full + 3 seeds of 32) series, each 3 rates × 2 step counts
        assertThat(record.series()).extracting(SeriesResult::series).containsExactly(
                Series.of("gd", null, null, null, 0), Series.of("gd", 32, 0, null, 0), Series.of("gd", 32, 1, null, 0), Series.of("gd", 32, 2, null, 0),
                Series.of("adam", null, null, null, 0), Series.of("adam", 32, 0, null, 0), Series.of("adam", 32, 1, null, 0),
                Series.of("adam", 32, 2, null, 0));
        assertThat(record.rows()).hasSize(8 * 3 * 2);
        Map<Integer, List<Double>> lossBySeed = record.rows().stream()
                .filter(row -> row.optimizer().equals("gd") && row.seed() != null && row.steps() == 60)
                .collect(Collectors.groupingBy(CellResult::seed,
                        Collectors.mapping(CellResult::finalLoss, Collectors.toList())));
        assertThat(lossBySeed.get(0)).isNotEqualTo(lossBySeed.get(1));
        assertThat(record.seedSummaries()).hasSize(2 * 3 * 2);
        for (SeedSummary summary : record.seedSummaries()) {
            SummaryStatistics losses = new SummaryStatistics();
            record.rows().stream().filter(row -> row.optimizer().equals(summary.optimizer()) && row.seed() != null
                            && row.learningRate() == summary.learningRate() && row.steps() == summary.steps()
                            && row.regime() != Regime.DIVERGED)
                    .forEach(row -> losses.addValue(row.finalLoss()));
            assertThat(summary.seeds()).isEqualTo(3);
            assertThat(summary.diverged()).isEqualTo(3 - (int) losses.getN());
            if (losses.getN() > 1) {
                assertThat(summary.meanLoss()).isCloseTo(losses.getMean(), within(1e-15));
                assertThat(summary.stdLoss()).isCloseTo(losses.getStandardDeviation(), within(1e-15));
            }
        }
        assertThat(Files.readAllLines(dir.resolve("one/results.csv"))).anyMatch(line -> line.startsWith("adam,constant,0.0,32,2,"))
                .anyMatch(line -> line.startsWith("adam,constant,0.0,full,,"));
        assertThat(Files.readString(dir.resolve("one/report.html"))).contains("mean and range of 3 seeds");
    }

    /**
     * bin/sweep find on the lesson's data: its suggestion (steepest descent) lies in the band of rates that converge
     * within the default sweep's largest budget, below gd's limit; the files it writes hold every step.
     */
    @Test
    void theRangeTestOnTheLessonSuggestsARateThatConverges() throws IOException {
        SweepCliTest.Run find = SweepCliTest.sweep("find", "--out", dir.resolve("find").toString());
        assertThat(find.exitCode()).as(find.err()).isZero();
        SweepCliTest.Run sweep = SweepCliTest.sweep("run", "--out", dir.resolve("grid").toString());
        assertThat(sweep.exitCode()).as(sweep.err()).isZero();
        RangeTestRecord record = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build().readValue(dir.resolve("find/range-test.json").toFile(), RangeTestRecord.class);
        RangeTestResult gd = record.rangeTest().runs().get(0);
        SweepRecord grid = ResultFiles.read(dir.resolve("grid"));
        double[] converged = grid.rows().stream().filter(row -> row.steps() == 1000 && row.regime().converged())
                .mapToDouble(CellResult::learningRate).sorted().toArray();
        assertThat(gd.steepest()).isBetween(converged[0], converged[converged.length - 1]);
        assertThat(gd.steepest()).isLessThan(grid.theory().lrCritical());
        assertThat(gd.lrCritical()).isEqualTo(grid.theory().lrCritical());
        // every step kept, the rate growing exponentially from range_test.from, stopped where the loss exploded
        assertThat(gd.rates()[0]).isEqualTo(1e-7);
        assertThat(gd.stoppedBecause()).isEqualTo(dev.lrsweep.worker.descent.RangeTest.Trace.PASSED_STOP_FACTOR);
        assertThat(Files.readAllLines(dir.resolve("find/range-test.csv"))).hasSize(1 + gd.rates().length);
        assertThat(Files.readString(dir.resolve("find/range-test.html"))).contains("Learning-rate range test",
                "<svg");
        assertThat(find.out()).contains("suggested", "wrote").contains("one cycle: fastai's fit_one_cycle takes the "
                + "valley as its peak rate (lr_max): " + SweepAnalysis.rate(gd.valley()) + " for gd");
        // a second find into the same out dir is refused without --overwrite, and the first one's files stay
        SweepCliTest.Run again = SweepCliTest.sweep("find", "--out", dir.resolve("find").toString());
        assertThat(again.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(again.err()).contains("already holds a range test");
    }

    /** grid.learning_rates: auto lays the grid around the range test's suggestion and sets the test beside the grid. */
    @Test
    void autoRatesAreLaidAroundTheRangeTestsSuggestion() throws IOException {
        Path file = dir.resolve("auto.yaml");
        Files.writeString(file, """
                name: auto
                data: {synthetic: {rows: 100, weights: [0.1], bias: 0.5, noise: 0.05, seed: 42}}
                init: {weights: [0.0], bias: -1.0}
                grid: {learning_rates: {auto: true, count: 13}, steps: [100, 1000], optimizers: [gd, {momentum: 0.9}]}
                """ + NO_UI);
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", file.toString(), "--out", dir.resolve("auto").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(dir.resolve("auto"));
        double smallest = record.rangeTest().runs().stream().mapToDouble(RangeTestResult::steepest).min().orElseThrow();
        double largest = record.rangeTest().runs().stream().mapToDouble(RangeTestResult::steepest).max().orElseThrow();
        double[] rates = record.curves().stream().filter(curve -> curve.optimizer().equals("gd"))
                .mapToDouble(curve -> curve.learningRate()).toArray();
        assertThat(rates).hasSize(13);
        assertThat(rates[0]).isCloseTo(smallest / 100, within(1e-12 * smallest));
        assertThat(rates[12]).isCloseTo(largest * 100, within(1e-9 * largest));
        // the grid reaches from undershooting rates to diverging ones, and the report sets the test beside it
        assertThat(record.rows()).anyMatch(row -> row.regime() == Regime.UNDERSHOOT)
                .anyMatch(row -> row.regime() == Regime.DIVERGED);
        assertThat(Files.readString(dir.resolve("auto/report.html"))).contains("Range test beside the grid",
                "suggestions among them");
        assertThat(run.err()).contains("grid.learning_rates auto: 13 rates from");
    }

    /**
     * A range test that never finds where the loss rises (its last rate 1e-8, lr_critical near 1) cannot lay a
     * grid: auto is refused, saying what to change; find runs it but says its suggestions are not to be trusted.
     * A range test of 2 steps is refused for its steps, not its start.
     */
    @Test
    void aRangeTestThatNeverFindsTheRisingLossOrHasTooFewStepsLaysNoGrid() throws IOException {
        String data = "name: lesson\ndata: {synthetic: {rows: 100, weights: [0.1], bias: 0.5, noise: 0.05, seed: 42}}\n"
                + "init: {weights: [0.0], bias: -1.0}\n" + NO_UI;
        Path tooLow = Files.writeString(dir.resolve("low.yaml"), data + "grid: {learning_rates: auto, steps: [10]}\n"
                + "range_test: {from: 1.0e-9, to: 1.0e-8}\n");
        Path twoSteps = Files.writeString(dir.resolve("two.yaml"), data + "grid: {learning_rates: auto, steps: [10]}\n"
                + "range_test: {steps: 2}\n");
        Path listed = Files.writeString(dir.resolve("listed.yaml"), data + "grid: {learning_rates: [0.1], steps: [10]}\n"
                + "range_test: {from: 1.0e-9, to: 1.0e-8}\n");

        SweepCliTest.Run auto = SweepCliTest.sweep("run", "--config", tooLow.toString(), "--out", dir.resolve("a").toString());
        SweepCliTest.Run find = SweepCliTest.sweep("find", "--config", listed.toString(), "--out", dir.resolve("f").toString());
        SweepCliTest.Run two = SweepCliTest.sweep("run", "--config", twoSteps.toString(), "--out", dir.resolve("t").toString());

        assertThat(auto.exitCode()).as(auto.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(auto.err().lines().filter(line -> !line.startsWith("sweep: range test:")))
                .containsExactly("sweep: grid.learning_rates: auto: the range test reached its last rate (range_test.to "
                        + "1e-08) without the loss rising, so its suggestions may lie far below the rates that "
                        + "matter; raise range_test.to (lr_critical is 0.993)");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(find.exitCode()).as(find.err()).isZero();
        assertThat(find.out()).contains("note: gd reached the last rate (1e-08) without the loss rising: its "
                + "suggestions may lie far below the rates that matter; raise range_test.to");
        assertThat(Files.readString(dir.resolve("f/range-test.html"))).contains("<b>note:</b> gd reached the last rate");
        assertThat(two.exitCode()).as(two.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(two.err()).contains("the range test's 2 steps are too few to suggest a rate; use more "
                + "range_test.steps").doesNotContain("start it lower");
    }

    /** What data parallelism cannot do (mini-batches, the range test) is refused in one line, with nothing written. */
    @Test
    void dataParallelismWithMiniBatchesOrAutoRatesIsRefusedInOneLine() throws IOException {
        String data = "data: {synthetic: {task: classification, rows: 50, weights: [1.0], seed: 1}}\nmodel: {kind: logistic}\n"
                + "fit: {parallelism: data}\n" + NO_UI;
        Path miniBatches = dir.resolve("mini.yaml");
        Files.writeString(miniBatches, data + "grid: {learning_rates: [0.1], steps: [5], batch_sizes: [10]}\n");
        Path auto = dir.resolve("auto.yaml");
        Files.writeString(auto, data + "grid: {learning_rates: auto, steps: [5]}\n");

        SweepCliTest.Run first = SweepCliTest.sweep("run", "--config", miniBatches.toString(), "--out",
                dir.resolve("out1").toString());
        SweepCliTest.Run second = SweepCliTest.sweep("run", "--config", auto.toString(), "--out",
                dir.resolve("out2").toString());

        assertThat(first.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(first.err().strip()).isEqualTo("sweep: fit.parallelism: data fits full batches only, and "
                + "grid.batch_sizes asks for mini-batches: use fit.parallelism grid (or auto)");
        assertThat(second.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(second.err().strip()).endsWith("this sweep fits in data parallelism: use fit.parallelism grid, "
                + "or list the rates");
        assertThat(dir.resolve("out1")).doesNotExist();
        assertThat(dir.resolve("out2")).doesNotExist();
    }

    /** In data parallelism each series is its own batch over the cached slices, with the numbers of grid mode. */
    @Test
    void dataParallelismFitsEverySeriesWithTheNumbersOfGridMode() throws IOException {
        String sweep = """
                name: series-%s
                data: {synthetic: {task: classification, rows: 300, weights: [1.5, -1.0], bias: 0.2, seed: 4}}
                model: {kind: logistic}
                grid: {learning_rates: [0.1, 1, 10], steps: [5, 40], optimizers: [gd, {nesterov: 0.8}, adam]}
                fit: {parallelism: %s}
                """ + NO_UI;
        for (String mode : List.of("grid", "data")) {
            Path file = Files.writeString(dir.resolve(mode + ".yaml"), sweep.formatted(mode, mode));
            SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", file.toString(), "--master", "local[2]",
                    "--out", dir.resolve(mode).toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        SweepRecord grid = ResultFiles.read(dir.resolve("grid"));
        SweepRecord data = ResultFiles.read(dir.resolve("data"));
        assertThat(data.execution().parallelism()).isEqualTo("data");
        assertThat(data.rows()).hasSize(3 * 3 * 2);
        for (int i = 0; i < grid.rows().size(); i++) {
            CellResult expected = grid.rows().get(i);
            CellResult actual = data.rows().get(i);
            assertThat(actual.series()).isEqualTo(expected.series());
            assertThat(actual.regime()).isEqualTo(expected.regime());
            assertThat(actual.finalLoss()).as(expected.series().label() + " " + expected.learningRate())
                    .isCloseTo(expected.finalLoss(), within(1e-9 * Math.max(1, Math.abs(expected.finalLoss()))));
        }
    }

    /**
     * Where no optimum is known (a network), the floor is the best loss on all the rows: a mini-batch curve holds
     * each step's mini-batch loss, which a lucky batch puts below it, and is left out.
     */
    @Test
    void aNetworksFloorIsTheBestLossOnAllTheRowsNotALuckyMiniBatch() throws IOException {
        Path file = Files.writeString(dir.resolve("net.yaml"), """
                name: net
                data: {synthetic: {task: classification, rows: 120, weights: [2.0, -1.0], seed: 8}}
                model: {kind: mlp, hidden: [4], loss: cross_entropy}
                grid: {learning_rates: [0.3, 3], steps: [30], batch_sizes: [full, 4], seeds: 2}
                """ + NO_UI);
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", file.toString(), "--out", dir.resolve("net").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(dir.resolve("net"));
        double wholeRows = java.util.stream.DoubleStream.concat(
                record.rows().stream().mapToDouble(CellResult::finalLoss).filter(Double::isFinite),
                record.curves().stream().filter(curve -> curve.batchSize() == null)
                        .flatMapToDouble(curve -> java.util.Arrays.stream(curve.loss())).filter(Double::isFinite))
                .min().orElseThrow();
        double miniBatch = record.curves().stream().filter(curve -> curve.batchSize() != null)
                .flatMapToDouble(curve -> java.util.Arrays.stream(curve.loss())).filter(Double::isFinite).min()
                .orElseThrow();
        assertThat(record.theory().floorSource()).isEqualTo("best_in_grid");
        assertThat(record.theory().floor()).isEqualTo(wholeRows);
        assertThat(miniBatch).as("a lucky mini-batch of 4 rows").isLessThan(wholeRows);
    }
}
