package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.safety.SweepJournal;
import dev.lrsweep.worker.descent.TrialStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures a sweep must survive, on real Spark in local mode: retried tasks, failing trials, a killed driver. */
class FaultToleranceTest {
    private static final String SWEEP = """
            name: faults
            data: {synthetic: {rows: 50, weights: [0.1], bias: 0.5, noise: 0.05, seed: 9}}
            init: {weights: [0.0], bias: -1.0}
            grid: {learning_rates: {from: 0.001, to: 3, count: 8}, steps: [20, 200], rates_per_task: 2}
            spark: {settings: {spark.ui.enabled: "false"%s}}
            """;

    @TempDir
    static Path dir;
    private static Path cleanOut;

    private static Path config(String name, String extraSettings) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), SWEEP.formatted(extraSettings));
    }

    @BeforeAll
    static void runCleanSweep() throws IOException {
        cleanOut = dir.resolve("clean");
        Run clean = sweep("run", "--config", config("clean", "").toString(), "--master", "local[2]", "--out",
                cleanOut.toString());
        assertThat(clean.exitCode()).as(clean.err()).isZero();
    }

    @Test
    void aTaskWhoseFirstAttemptThrowsIsRetriedAndTheNumbersAreThoseOfACleanRun() throws IOException {
        Path out = dir.resolve("retried");
        Run run = sweep("run", "--config", config("retried", ", spark.lrsweep.fault.failFirstAttempt: \"true\"").toString(),
                "--master", "local[2,2]", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(Files.readString(cleanOut.resolve("results.csv")));
    }

    @Test
    void aTrialThatThrowsEveryTimeIsFailedWithItsMessageAndTheExitCodeSaysSo() throws IOException {
        double failing = ResultFiles.read(cleanOut).curves().get(3).learningRate();
        Path out = dir.resolve("one-failing");
        Run run = sweep("run", "--config", config("one-failing", ", spark.lrsweep.fault.failingRate: \"" + failing + "\"")
                .toString(), "--master", "local[2]", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_FAILED_CELLS);
        SweepRecord record = ResultFiles.read(out);
        SweepRecord clean = ResultFiles.read(cleanOut);
        assertThat(record.rows()).hasSize(16);
        for (int i = 0; i < record.rows().size(); i++) {
            CellResult row = record.rows().get(i);
            if (row.learningRate() == failing) {
                assertThat(row.status()).isEqualTo(TrialStatus.FAILED);
                assertThat(row.message()).isEqualTo("injected fault for learning rate " + failing);
            } else {
                assertThat(row.status()).isNotEqualTo(TrialStatus.FAILED);
                assertThat(row.finalLoss()).isCloseTo(clean.rows().get(i).finalLoss(),
                        org.assertj.core.api.Assertions.within(1e-12 * clean.rows().get(i).finalLoss()));
            }
        }
    }

    @Test
    void whenEveryTrialFailsOrDivergesTheFilesAreCompleteAndNoBestRateIsClaimed() throws IOException {
        Path config = Files.writeString(dir.resolve("hopeless.yaml"), """
                name: hopeless
                data: {synthetic: {rows: 50, weights: [0.1], bias: 0.5, noise: 0.05, seed: 9}}
                grid: {learning_rates: [4, 8], steps: [50]}
                spark: {settings: {spark.ui.enabled: "false", spark.lrsweep.fault.failingRate: "4.0"}}
                """);
        Path out = dir.resolve("hopeless");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_FAILED_CELLS);
        SweepRecord record = ResultFiles.read(out);
        assertThat(record.rows()).extracting(CellResult::regime).containsExactly(Regime.FAILED, Regime.DIVERGED);
        assertThat(record.single().suggestions().bestPerStepCount()).isEmpty();
        assertThat(record.single().suggestions().largestSafe()).isNull();
        assertThat(Files.readString(out.resolve("report.html"))).contains("no best rate");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
    }

    @Test
    void aKilledDriverIsResumedComputingOnlyTheUnfinishedBatchesAndAgreesWithAnUninterruptedRun() throws Exception {
        // cosine runs each step budget apart: its batches of one budget each are journaled and resumed as any other
        Path config = Files.writeString(dir.resolve("long.yaml"), """
                name: long
                data: {synthetic: {rows: 50, weights: [0.1], bias: 0.5, noise: 0.05, seed: 9}}
                init: {weights: [0.0], bias: -1.0}
                grid: {learning_rates: {from: 0.001, to: 3, count: 4}, steps: [100, 1500], rates_per_task: 1,
                       optimizers: [adam], schedules: [constant, cosine], batch_sizes: [full, 16]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path killed = dir.resolve("killed");
        Path journal = killed.resolve(SweepJournal.FILE);
        Process driver = startDriver("run", "--config", config.toString(), "--master", "local[1]", "--out",
                killed.toString());
        try {
            StandaloneCluster.waitFor(() -> Files.exists(journal) && Files.readAllLines(journal).size() >= 4,
                    Duration.ofMinutes(3), "four journal lines");
        } finally {
            driver.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(journal);
        // 24 batches: 4 rates at a constant rate, and of cosine, which runs each budget apart, 4 rates twice, in full
        // batches and mini-batches of 16
        assertThat(lines.size()).as("the kill came mid-sweep").isBetween(4, 24);
        // as if the kill had landed mid-write: the last line loses its second half and its newline
        String last = lines.get(lines.size() - 1);
        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 1));
        Files.writeString(journal, String.join("\n", cut) + "\n" + last.substring(0, last.length() / 2),
                StandardCharsets.UTF_8);

        Run resumed = sweep("run", "--config", config.toString(), "--master", "local[2]", "--out", killed.toString(),
                "--resume");
        Run uninterrupted = sweep("run", "--config", config.toString(), "--master", "local[2]", "--out",
                dir.resolve("uninterrupted").toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        assertThat(ResultFiles.read(killed).execution().resumedBatches()).isEqualTo(cut.size() - 1);
        assertThat(Files.readString(killed.resolve("results.csv")))
                .isEqualTo(Files.readString(dir.resolve("uninterrupted/results.csv")));
        assertThat(journal).doesNotExist();
    }

    @Test
    void aResumeWithAnotherConfigIsRefusedNamingTheKeysThatDiffer() throws IOException {
        Path out = dir.resolve("changed");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SweepJournal.FILE),
                "{\"config\":{\"name\":\"faults\",\"grid\":{\"steps\":[20,100]}}}\n");

        Run run = sweep("run", "--config", config("changed", "").toString(), "--out", out.toString(), "--resume");

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("was written by another config").contains("grid.steps (journal [20, 100], now [20, 200])")
                .hasLineCount(1);
    }

    @Test
    void anUnfinishedSweepIsNotOverwrittenByAFreshRun() throws IOException {
        Path out = dir.resolve("unfinished");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SweepJournal.FILE), "{\"config\":{}}\n{\"batch\":0,\"trajectories\":[]}\n");

        Run run = sweep("run", "--config", config("unfinished", "").toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("holds an unfinished sweep").contains("--resume");
    }

    /** A journal with no finished batch holds nothing to lose (the driver died right after starting): a plain run replaces it. */
    @Test
    void aJournalWithoutAFinishedBatchDoesNotBlockAFreshRun() throws IOException {
        Path out = dir.resolve("started-only");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SweepJournal.FILE), "{\"config\":{}}\n{\"batch\":0,\"traj");

        Run run = sweep("run", "--config", config("started-only", "").toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve(SweepJournal.FILE)).doesNotExist();
    }

    /** The CLI in a JVM of its own, started like this test JVM (same flags, same classpath). */
    private static Process startDriver(String... args) throws IOException {
        return new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"), SweepCli.class.getName(),
                List.of(args))).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver-" + Instant.now().toEpochMilli() + ".log").toFile()).start();
    }
}
