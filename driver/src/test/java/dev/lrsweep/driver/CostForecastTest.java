package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fitting time a sweep foresees (results.json's foreseen_fit_seconds, what the console says of a long sweep)
 * is within 3× of the time it took, for each kind of step: the linear moment graph on wide data, a network's
 * mini-batches and its sharpness's passes over the rows, and logistic regression's passes in data parallelism, a
 * Spark job per step. Each sweep fits for a few seconds, so that the fit, not Spark's start, is what is timed.
 */
class CostForecastTest {
    @TempDir
    Path dir;

    private static String weights(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.valueOf(((i * 37) % 11 - 5) / 5.0))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "linear, 200 features | rows: 2000, weights: W200 | {kind: linear} "
            + "| {from: 1.0e-4, to: 1.0, count: 16}, steps: [100, 2000] | grid",
        "network, Adam on mini-batches | task: classification, rows: 4000, weights: W8 "
            + "| {kind: mlp, hidden: [32], loss: cross_entropy} "
            + "| {from: 1.0e-4, to: 1.0, count: 8}, steps: [50, 300], optimizers: [adam], batch_sizes: [128] | grid",
        "logistic, data parallelism | task: classification, rows: 20000, weights: W8 | {kind: logistic} "
            + "| {from: 1.0e-3, to: 100.0, count: 8}, steps: [20, 100] | data"})
    void theForeseenFitIsWithinThreeTimesTheMeasuredOne(String name, String data, String model, String grid,
                                                         String parallelism) throws IOException {
        String synthetic = data.replaceAll("W(\\d+)", "W").replace("W", weights(Integer.parseInt(
                data.replaceAll(".*W(\\d+).*", "$1"))));
        Path config = Files.writeString(dir.resolve("c.yaml"), "name: forecast\ndata: {synthetic: {" + synthetic
                + ", bias: 0.5, seed: 1}}\nmodel: " + model + (model.contains("mlp") ? "\ninit: {seed: 3}" : "")
                + "\ngrid: {learning_rates: " + grid + "}\nfit: {parallelism: " + parallelism + "}\nspark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}\n");
        Path out = dir.resolve("out");

        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isIn(0, SweepCli.EXIT_FAILED_CELLS);
        Timings timings = ResultFiles.read(out).timings();
        assertThat(timings.foreseenFitSeconds() / timings.fitSeconds()).as("foreseen %.2f s, took %.2f s",
                timings.foreseenFitSeconds(), timings.fitSeconds()).isBetween(1 / 3.0, 3.0);
    }
}
