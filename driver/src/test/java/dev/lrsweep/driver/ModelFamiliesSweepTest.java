package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logistic regression and networks through the command line, on real Spark in local mode. */
class ModelFamiliesSweepTest {
    private static final String NETWORK = """
            name: net
            data: {synthetic: {task: classification, rows: 200, weights: [3, -2], bias: 0.5, seed: 7}}
            model: {kind: mlp, hidden: [5], loss: cross_entropy}
            init: {seed: 1}
            grid: {learning_rates: {from: 0.01, to: 100, count: 6}, steps: [5, 60], rates_per_task: 2}
            spark: {settings: {spark.ui.enabled: "false"}}
            """;

    @TempDir
    static Path dir;

    private static SweepCliTest.Run networkOnOneCore;
    private static SweepCliTest.Run networkOnTwoCores;

    @BeforeAll
    static void runANetworkSweepOnOneAndTwoCores() throws IOException {
        Path config = Files.writeString(dir.resolve("net.yaml"), NETWORK);
        networkOnOneCore = SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[1]", "--out",
                dir.resolve("net1").toString());
        networkOnTwoCores = SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[2]", "--out",
                dir.resolve("net2").toString());
    }

    @Test
    void aNetworkSweepGivesTheSameNumbersOnOneAndTwoCores() throws IOException {
        assertThat(networkOnOneCore.exitCode()).as(networkOnOneCore.err()).isZero();
        assertThat(networkOnTwoCores.exitCode()).as(networkOnTwoCores.err()).isZero();

        assertThat(Files.readString(dir.resolve("net1/results.csv")))
                .isEqualTo(Files.readString(dir.resolve("net2/results.csv")));
        SweepRecord one = ResultFiles.read(dir.resolve("net1"));
        SweepRecord two = ResultFiles.read(dir.resolve("net2"));
        assertThat(two.execution().tasks()).isEqualTo(3);
        for (int i = 0; i < one.curves().size(); i++) {
            assertThat(one.curves().get(i).loss()).isEqualTo(two.curves().get(i).loss());
        }
        assertThat(one.theory()).isEqualTo(two.theory());
    }

    @Test
    void aNetworkSweepRecordsItsStartSharpnessAccuracyAndTheBestLossAsItsFloor() throws IOException {
        SweepRecord record = ResultFiles.read(dir.resolve("net2"));

        assertThat(record.theory().floorSource()).isEqualTo("best_in_grid");
        assertThat(record.theory().lrCritical()).isNull();
        assertThat(record.theory().sharpnessStart()).isPositive();
        double best = record.rows().stream().mapToDouble(r -> r.finalLoss()).filter(Double::isFinite).min().orElseThrow();
        assertThat(record.theory().floor()).isLessThanOrEqualTo(best);
        assertThat(record.rows()).allSatisfy(row -> assertThat(row.accuracy()).isBetween(0.0, 1.0));
        assertThat(record.rows()).filteredOn(row -> row.regime() != Regime.DIVERGED)
                .allSatisfy(row -> assertThat(row.sharpness()).isPositive());
        assertThat(record.start()).containsOnlyKeys("W1", "b1", "W2", "b2");
        assertThat(Files.readAllLines(dir.resolve("net2/results.csv")).get(0))
                .startsWith("optimizer,schedule,weight_decay,batch_size,seed,learning_rate,steps,status,regime,final_loss,excess_loss,sensitivity,chaotic,accuracy,sharpness,W1_0_0,");
        var theory = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("net2/results.json").toFile())
                .get("theory");
        assertThat(theory.has("lr_critical")).as("lr_critical left out").isFalse();
        assertThat(theory.has("optimal_loss")).as("optimal_loss left out").isFalse();
        assertThat(theory.get("sharpness_start").asDouble()).isPositive();
    }

    /** A two-feature network's report: accuracy, sharpness beside each rate's 2/lr, decision boundaries; no fitted lines. */
    @Test
    void aNetworksReportHoldsItsAccuracySharpnessAndDecisionBoundaries() throws IOException {
        Path out = dir.resolve("net2");

        assertThat(out.resolve("accuracy-vs-rate.svg")).exists();
        assertThat(out.resolve("decision-boundaries.svg")).exists();
        assertThat(out.resolve("fitted-lines.svg")).doesNotExist();
        String sharpness = Files.readString(out.resolve("sharpness.svg"));
        assertThat(sharpness).contains("Sharpness against step").contains("lr 100").contains("lr 0.01");
        // a network's parameters would widen the page: they are in results.csv
        assertThat(Files.readString(out.resolve("report.html"))).contains("sharpness at the start")
                .contains("floor: the best loss in the grid").contains("<th>accuracy</th>").doesNotContain("<th>W1_0_0</th>")
                .contains("parameters of each cell are in results.csv");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).contains("W1_0_0");
    }

    /** results.json's start, given back as init.file, replays the sweep exactly. */
    @Test
    void aSweepsResultsJsonAsStartFileReplaysItExactly() throws IOException {
        Path config = Files.writeString(dir.resolve("replay.yaml"), NETWORK.replace("init: {seed: 1}",
                "init: {file: " + dir.resolve("net2/results.json") + "}"));

        SweepCliTest.Run replay = SweepCliTest.sweep("run", "--config", config.toString(), "--out",
                dir.resolve("replay").toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(Files.readString(dir.resolve("replay/results.csv")))
                .isEqualTo(Files.readString(dir.resolve("net2/results.csv")));
    }

    @Test
    void aStartFileOfTheWrongShapeIsRefusedNamingTheArray() throws IOException {
        Files.writeString(dir.resolve("start.json"), """
                {"W1": [[0.1, 0.2, 0.3, 0.4, 0.5]], "b1": [0, 0, 0, 0, 0], "W2": [1, 1, 1, 1, 1], "b2": 0}
                """);
        Path config = Files.writeString(dir.resolve("shape.yaml"), NETWORK.replace("init: {seed: 1}",
                "init: {file: start.json}"));
        Path out = dir.resolve("out-shape");

        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).hasLineCount(1).contains("init.file: " + dir.resolve("start.json") + ": W1: 1 rows, "
                + "expected 2");
        assertThat(out).doesNotExist();

        Files.writeString(dir.resolve("start.json"), "{\"weights\": [1, 2], \"bias\": 0}");
        assertThat(SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString()).err())
                .contains("unknown array 'weights' (expected W1[2, 5], b1[5], W2[5], b2[])");
    }

    @Test
    void labelsThatAreNotClassesAreRefusedNamingTheRow() throws IOException {
        Files.writeString(dir.resolve("labels.csv"), "x,y\n0.5,1\n-0.5,0\n0.1,0.5\n");
        Path config = Files.writeString(dir.resolve("labels.yaml"), """
                data: {csv: {path: labels.csv, label: y}}
                model: {kind: logistic}
                grid: {learning_rates: [0.1], steps: [5]}
                """);
        Path out = dir.resolve("out-labels");

        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).hasLineCount(1).contains("data.csv.label: data row 3 of ")
                .contains("has label y = 0.5, but model.kind logistic needs labels 0 or 1");
        assertThat(out).doesNotExist();
    }

    /** Separable classes: the sweep runs, says so, leaves lr_critical out, and measures from the best loss. */
    @Test
    void aLogisticSweepOnSeparableClassesSaysSoAndLeavesTheCriticalRateOut() throws IOException {
        Files.writeString(dir.resolve("separable.csv"), "x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n");
        Path config = Files.writeString(dir.resolve("separable.yaml"), """
                data: {csv: {path: separable.csv, label: y}}
                model: {kind: logistic}
                grid: {learning_rates: [0.1, 1, 10], steps: [5, 50]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path out = dir.resolve("separable");

        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(out);
        assertThat(record.theory().separable()).isTrue();
        assertThat(record.theory().lrCritical()).isNull();
        assertThat(record.theory().floorSource()).isEqualTo("best_in_grid");
        assertThat(Files.readString(out.resolve("report.html"))).contains("a hyperplane separates the classes");
        assertThat(run.out()).contains("lr_critical = none");
    }
}
