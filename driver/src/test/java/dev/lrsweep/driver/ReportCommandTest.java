package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.report.TestRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sweep report DIR} on results.json files that parse, whole or with parts missing; no Spark. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Writes the results of a small sweep (4 rates × 2 step counts, one feature), changed by {@code change}. */
    private void resultsJson(Consumer<ObjectNode> change) throws IOException {
        ResultFiles.write(dir, TestRecords.modelSweep(new double[] {0.01, 0.1, 0.9, 2}, new int[] {5, 20}, 1));
        ObjectNode results = (ObjectNode) JSON.readTree(dir.resolve(ResultFiles.JSON).toFile());
        change.accept(results);
        JSON.writeValue(dir.resolve(ResultFiles.JSON).toFile(), results);
    }

    private static SweepCliTest.Run report(Path dir) {
        return SweepCliTest.sweep("report", dir.toString());
    }

    @Test
    void completeResultsAreReported() throws IOException {
        resultsJson(results -> { });

        SweepCliTest.Run run = report(dir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(dir.resolve("fitted-lines.svg")).isNotEmptyFile();
    }

    /**
     * A report writes all its files or none: with report.html a directory, nothing is rewritten (the charts
     * written before are as they were, byte for byte and in time), nothing temporary is left, and the one line
     * names the directory in the way.
     */
    @Test
    void aReportThatCannotWriteOneFileWritesNone() throws IOException {
        resultsJson(results -> { });
        assertThat(report(dir).exitCode()).isZero();
        Files.delete(dir.resolve("report.html"));
        Files.createDirectories(dir.resolve("report.html").resolve("in-the-way"));
        FileTime longAgo = FileTime.fromMillis(0);
        Map<String, String> before = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, longAgo);
                before.put(file.getFileName().toString(), Arrays.toString(Files.readAllBytes(file)));
            }
        }

        SweepCliTest.Run run = report(dir);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).isEqualTo("sweep: " + dir.resolve("report.html") + ": is a directory, where a file is to "
                + "be written (move it away)\n");
        Map<String, String> after = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.getLastModifiedTime(file)).as(file.toString()).isEqualTo(longAgo);
                after.put(file.getFileName().toString(), Arrays.toString(Files.readAllBytes(file)));
            }
        }
        assertThat(after).isEqualTo(before).containsKey("fitted-lines.svg");
    }

    /**
     * A results.json cut short anywhere (a copy that stopped, a disk that filled): one line naming the file, the key
     * being read where one was, the line and column where the text ends, and that it ends there.
     */
    @ParameterizedTest(name = "cut after {0} of its bytes")
    @ValueSource(doubles = {0.001, 0.01, 0.2, 0.5, 0.8, 0.999})
    void resultsCutShortAreOneLineNamingWhereTheyEnd(double share) throws IOException {
        resultsJson(results -> { });
        Path json = dir.resolve(ResultFiles.JSON);
        byte[] whole = Files.readAllBytes(json);
        Files.write(json, java.util.Arrays.copyOf(whole, (int) Math.max(1, share * whole.length)));

        SweepCliTest.Run run = report(dir);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).hasLineCount(1).startsWith("sweep: " + json + ": not a sweep's results: ")
                .containsPattern("(: [a-z_]+[a-z_.\\[\\]0-9]*: |results: )(the JSON ends unfinished|not valid JSON) at line "
                        + "[0-9]+, column [0-9]+").doesNotContain("Source", "REDACTED", "Jackson", "`");
        if (share >= 0.2) {
            assertThat(run.err()).as("names the key it was reading").containsPattern("results: [a-z_]+[a-z_.\\[\\]0-9]*: ");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("results.csv", "results.json", "results.parquet", "curves.parquet");
        }
    }

    static Stream<Arguments> resultsLackingParts() {
        return Stream.of(
                Arguments.of("{}", (Consumer<ObjectNode>) ObjectNode::removeAll, "missing 'rows'"),
                Arguments.of("{\"rows\": []}", change(results -> results.removeAll().putArray("rows")), "'rows' is empty"),
                Arguments.of("no theory", remove("theory"), "missing 'theory'"),
                Arguments.of("no curves", remove("curves"), "missing 'curves'"),
                Arguments.of("no dataset", remove("dataset"), "missing 'dataset'"),
                Arguments.of("no timings", remove("timings"), "missing 'timings'"),
                Arguments.of("no series", remove("series"), "missing 'series'"),
                Arguments.of("a series without its boundary", change(results -> ((ObjectNode) results.get("series").get(0))
                        .remove("boundary")), "series[0] has no 'boundary'"),
                Arguments.of("a series without its suggestions", change(results -> ((ObjectNode) results.get("series")
                        .get(0)).remove("suggestions")), "series[0]: missing 'suggestions'"),
                Arguments.of("a row of a series not in 'series'", change(results -> ((ObjectNode) results.get("series")
                        .get(0).get("series")).put("optimizer", "adam")), "rows[0]: its series (gd) is not in 'series'"),
                Arguments.of("no versions", remove("versions"), "missing 'versions'"),
                Arguments.of("no name", remove("name"), "missing 'name'"),
                Arguments.of("a row without parameters", change(results -> row(results, 3).remove("parameters")),
                        "rows[3] has no 'parameters'"),
                Arguments.of("no layout", remove("layout"), "missing 'layout'"),
                Arguments.of("a layout of more values than an array holds", change(results -> ((ObjectNode) results
                        .get("layout").get("arrays").get(0)).putArray("shape").add(100000).add(100000)),
                        "not a sweep's results: layout.arrays[0]: array weights has shape [100000, 100000]: 10000000000 "
                                + "values, more than one array holds (2147483647)"),
                Arguments.of("no model", remove("model"), "missing 'model'"),
                Arguments.of("a model of a kind this version does not fit", change(results -> ((ObjectNode) results
                        .get("model")).put("kind", "forest")),
                        "not a sweep's results: model: kind forest with loss mse is not a model this version fits"),
                Arguments.of("a row without a regime", change(results -> row(results, 1).remove("regime")),
                        "rows[1] has no 'regime'"),
                Arguments.of("a row of an unknown regime", change(results -> row(results, 1).put("regime", "sideways")),
                        "not a sweep's results: rows[1].regime: expected one of undershoot, converged, "
                                + "converged_after_spike, oscillating, unstable, stalled, diverged, failed, got 'sideways'"),
                Arguments.of("a row with too few parameters", change(results -> row(results, 2).putArray("parameters")),
                        "rows[2]: 'parameters' has 0 values, but 'layout' has 2"),
                Arguments.of("a rate without its loss curve", change(results -> ((ArrayNode) results.get("curves")).remove(1)),
                        "rows[2]: no loss curve in 'curves' for its series (gd) and 'learning_rate' 0.1"),
                Arguments.of("a loss curve without its losses", change(results -> curve(results, 0).remove("loss")),
                        "curves[0] has no 'loss'"),
                Arguments.of("loss curves out of order", change(results -> curve(results, 1).put("learning_rate", 0.001)),
                        "'curves' of one series are not in ascending 'learning_rate' order at curves[1]"),
                Arguments.of("theory without its floor's source", change(results -> ((ObjectNode) results.get("theory"))
                        .remove("floor_source")), "missing 'theory.floor_source'"),
                Arguments.of("a dataset without feature names", change(results -> ((ObjectNode) results.get("dataset"))
                        .remove("feature_names")), "missing 'dataset.feature_names'"),
                Arguments.of("points without y", change(results -> ((ObjectNode) results.get("points")).remove("y")),
                        "missing 'points.y'"),
                Arguments.of("images without labels", change(results -> images(results).remove("labels")),
                        "missing 'images.labels'"),
                Arguments.of("an image of another size than its shape", change(results -> ((ArrayNode) images(results)
                        .get("images").get(1)).remove(0)), "images.images[1] has 3 values, and an image of [1, 2, 2] has 4"),
                Arguments.of("images of a shape of two sides", change(results -> images(results).putArray("shape")
                        .add(2).add(2)), "'images.shape' is [2, 2], not [channels, height, width]"),
                Arguments.of("a verdict of an unknown regime", change(results -> ((ObjectNode) results.get("series").get(0).get("suggestions")
                        .get("verdicts").get(0)).put("regime", "sideways")),
                        "not a sweep's results: series[0].suggestions.verdicts[0].regime: expected one of undershoot, converged, "
                                + "converged_after_spike, oscillating, unstable, stalled, diverged, failed, got 'sideways'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resultsLackingParts")
    void resultsLackingAPartGetOneLineNamingItExitCodeTwoAndNoReport(String what, Consumer<ObjectNode> change,
                                                                     String expected) throws IOException {
        resultsJson(change);

        SweepCliTest.Run run = report(dir);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).isEqualTo("sweep: " + dir.resolve(ResultFiles.JSON) + ": " + expected + "\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("results.csv", "results.json", "results.parquet", "curves.parquet");
        }
    }

    private static Consumer<ObjectNode> change(Consumer<ObjectNode> change) {
        return change;
    }

    private static Consumer<ObjectNode> remove(String part) {
        return results -> results.remove(part);
    }

    /** Two images of 1×2×2 with their labels, put into the results. */
    private static ObjectNode images(ObjectNode results) {
        ObjectNode images = results.putObject("images");
        images.putArray("shape").add(1).add(2).add(2);
        ArrayNode pixels = images.putArray("images");
        pixels.addArray().add(0).add(0.5).add(1).add(0);
        pixels.addArray().add(1).add(1).add(0).add(0.25);
        images.putArray("labels").add(3).add(7);
        return images;
    }

    private static ObjectNode row(ObjectNode results, int index) {
        return (ObjectNode) results.get("rows").get(index);
    }

    private static ObjectNode curve(ObjectNode results, int index) {
        return (ObjectNode) results.get("curves").get(index);
    }
}
