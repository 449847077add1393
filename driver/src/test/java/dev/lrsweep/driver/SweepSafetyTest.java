package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.plan.StartPoints;
import dev.lrsweep.driver.safety.OutDirLock;
import dev.lrsweep.driver.safety.SweepJournal;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing lost or mixed, nothing hangs: what a sweep guarantees when users run it in odd ways, on real local Spark. */
class SweepSafetyTest {
    private static final String GRID = "grid: {learning_rates: [0.01, 0.1, 5], steps: [5, 20], rates_per_task: 1}\n"
            + "spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}\n";

    @TempDir
    Path dir;

    private Path config(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> files(Path outDir) throws IOException {
        try (Stream<Path> files = Files.list(outDir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** The journal's first line for {@code checked} as the sweep would write it, but with the given data and start digests. */
    private SweepJournal.Header header(SweepConfig checked, String dataSha256, String startSha256) {
        return new SweepJournal.Header(ConfigLoader.asTree(checked), "d.csv", dataSha256,
                StartPoints.source(checked.init(), dir), startSha256, dev.lrsweep.worker.LibraryVersions.worker());
    }

    /** The SHA-256 the sweep records for the config's CSV file. */
    private String csvSha256(SweepConfig checked) throws IOException {
        return dev.lrsweep.driver.data.CsvData.read((dev.lrsweep.driver.config.CsvDataConfig) checked.data().source(), dir, (rows, features) -> { }, false).summary().sha256();
    }

    private static String startSha256(SweepConfig checked, Path configDir, int features) {
        return dev.lrsweep.driver.data.Sha256.ofValues(StartPoints.of(checked.init(), checked.model()
                .layout(features), configDir).values());
    }

    /** The journal records the data's SHA-256: a resume after the CSV's contents changed is refused, naming it. */
    @Test
    void aResumeOnOtherDataIsRefusedNamingWhatChanged() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "x,y\n0,1\n1,3\n2,5.1\n");
        Path config = config("csv.yaml", "data: {csv: {path: d.csv, label: y}}\n" + GRID);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        SweepConfig checked = ConfigLoader.load(config).withOutputDir(out);
        String before = csvSha256(checked);
        SweepJournal.start(out, header(checked, before, startSha256(checked, dir, 1))).close();
        Files.writeString(dir.resolve("d.csv"), "x,y\n0,1\n1,3\n2,9.9\n");

        Run resumed = sweep("run", "--config", config.toString(), "--out", out.toString(), "--resume");

        assertThat(resumed.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(resumed.err()).hasLineCount(1).contains("was written for other data")
                .contains("had SHA-256 " + before.substring(0, 16));
        assertThat(files(out)).containsExactly(SweepJournal.FILE);
    }

    /**
     * The journal records what the start held, not only the init file's path: a resume after the file's
     * contents changed would mix batches from two starts, so it is refused, naming the file.
     */
    @Test
    void aResumeFromAChangedInitFileIsRefusedNamingIt() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "x,y\n0,1\n1,3\n2,5.1\n");
        Path startFile = Files.writeString(dir.resolve("start.json"), "{\"weights\": [0.0], \"bias\": 0.0}");
        Path config = config("init.yaml", "data: {csv: {path: d.csv, label: y}}\ninit: {file: start.json}\n" + GRID);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        SweepConfig checked = ConfigLoader.load(config).withOutputDir(out);
        String data = csvSha256(checked);
        String before = startSha256(checked, dir, 1);
        SweepJournal.start(out, header(checked, data, before)).close();
        Files.writeString(startFile, "{\"weights\": [0.0], \"bias\": 0.5}");

        Run resumed = sweep("run", "--config", config.toString(), "--out", out.toString(), "--resume");

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(resumed.err()).hasLineCount(1).contains("was written from another start")
                .contains("init.file " + startFile + " had SHA-256 " + before.substring(0, 16));
        assertThat(files(out)).containsExactly(SweepJournal.FILE);
    }

    /**
     * Each width within the documented limit, yet two models of [4096, 4096] and their twins would need about 99 GB:
     * refused before anything runs, in one line naming the layers and the estimate (it once grew to 24 GB and was
     * killed by the kernel, leaving its lock and journal behind).
     */
    @Test
    void aNetworkTooWideForMemoryIsRefusedBeforeItRuns() throws IOException {
        Path config = config("wide.yaml", """
                data: {synthetic: {rows: 200, weights: [0.5], seed: 1}}
                model: {kind: mlp, hidden: [4096, 4096]}
                grid: {learning_rates: [0.001, 0.01], steps: [5]}
                spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}
                """);
        Path out = dir.resolve("wide");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).hasLineCount(1).startsWith("sweep: model.hidden: [4096, 4096]: a task's graph of 4 models")
                .contains("GB for its parameters alone");
        assertThat(out).doesNotExist();
    }

    /** Two sweeps started at the same moment into one out dir: one runs, the other is refused; no result is lost. */
    @Test
    void twoSweepsIntoOneOutDirAtOnceNeverShareIt() throws Exception {
        Path config = config("two.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("shared");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Run>> runs = pool.invokeAll(List.of(() -> {
                start.await();
                return sweep("run", "--config", config.toString(), "--out", out.toString());
            }, () -> {
                start.await();
                return sweep("run", "--config", config.toString(), "--out", out.toString());
            }));

            List<Run> done = List.of(runs.get(0).get(), runs.get(1).get());
            assertThat(done).extracting(Run::exitCode).containsExactlyInAnyOrder(0, SweepCli.EXIT_BAD_INPUT);
            Run refused = done.stream().filter(run -> run.exitCode() != 0).findFirst().orElseThrow();
            assertThat(refused.err()).hasLineCount(1).containsAnyOf("is in use by another sweep (pid ",
                    "already holds results");
            assertThat(refused.out()).doesNotContain("wrote");
            assertThat(ResultFiles.read(out).rows()).hasSize(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSweepIsRefusedAtOnceWhileAnotherHoldsItsOutDirNamingTheHolder() throws IOException {
        Path config = config("held.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("held");

        try (OutDirLock held = OutDirLock.acquire(out)) {
            Run refused = sweep("run", "--config", config.toString(), "--out", out.toString());

            assertThat(refused.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(refused.err()).hasLineCount(1).contains("is in use by another sweep (pid "
                    + ProcessHandle.current().pid());
        }
        assertThat(out).doesNotExist();
    }

    /** Rebuilding a report takes the out dir's lock too: it never writes over a sweep that is writing there. */
    @Test
    void aReportIsNotRebuiltWhileASweepHoldsItsOutDir() throws IOException {
        Path config = config("rebuilt.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("rebuilt");
        assertThat(sweep("run", "--config", config.toString(), "--out", out.toString()).exitCode()).isZero();
        String before = Files.readString(out.resolve("report.html"));

        try (OutDirLock held = OutDirLock.acquire(out)) {
            Run refused = sweep("report", out.toString());

            assertThat(refused.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(refused.err()).hasLineCount(1).contains("is in use by another sweep");
        }
        Run rebuilt = sweep("report", out.toString());
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(Files.readString(out.resolve("report.html"))).isEqualTo(before);
        assertThat(files(out)).doesNotContain(OutDirLock.FILE);
    }

    /**
     * The lock holds across processes (an OS lock, which POSIX drops when its process closes any
     * descriptor of the file: the lock must survive the holder's own checks), and dies with its holder.
     */
    @Test
    void aSweepInAnotherProcessHoldingTheOutDirIsNamedAndTheLockDiesWithIt() throws Exception {
        Path config = config("other.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("other-process");
        Process holder = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                OutDirLockHolder.class.getName(), List.of(out.toString()))).redirectErrorStream(true).start();
        try (java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))) {
            String line;
            do {
                line = said.readLine();
            } while (line != null && !line.equals("locked"));
            assertThat(line).isEqualTo("locked");

            Run refused = sweep("run", "--config", config.toString(), "--out", out.toString());

            assertThat(refused.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(refused.err()).hasLineCount(1).contains("is in use by another sweep (pid " + holder.pid());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        Run after = sweep("run", "--config", config.toString(), "--out", out.toString());
        assertThat(after.exitCode()).as(after.err()).isZero();
    }

    /** A driver that died before it journaled anything left nothing to resume: --resume starts over and says so. */
    @Test
    void aResumeWithNothingJournaledStartsTheSweepFromTheBeginning() throws IOException {
        Path config = config("fresh.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path empty = dir.resolve("empty");
        Path headerCut = dir.resolve("header-cut");
        Files.createDirectories(headerCut);
        Files.writeString(headerCut.resolve(SweepJournal.FILE), "{\"config\":{\"na");

        for (Path out : List.of(empty, headerCut)) {
            Run run = sweep("run", "--config", config.toString(), "--out", out.toString(), "--resume");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("nothing to resume in " + out).contains("starting the sweep from the beginning");
            assertThat(ResultFiles.read(out).rows()).hasSize(6);
            assertThat(files(out)).doesNotContain(SweepJournal.FILE, OutDirLock.FILE);
        }
    }

    /** Spark failing to start is bad input: one line, exit 2, nothing left behind that blocks the next run. */
    @Test
    void aSparkThatCannotStartLeavesNothingBehindAndTheNextRunWorks() throws IOException {
        Path bad = config("bad-spark.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n"
                + "grid: {learning_rates: [0.1], steps: [5]}\nspark: {settings: {spark.executor.memory: 1m}}\n");
        Path good = config("good.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("after-bad-spark");
        Files.createDirectories(out);

        Run failed = sweep("run", "--config", bad.toString(), "--out", out.toString());
        Run next = sweep("run", "--config", good.toString(), "--out", out.toString());

        assertThat(failed.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(failed.err()).hasLineCount(1).contains("spark: Spark did not start").doesNotContain("--resume");
        assertThat(next.exitCode()).as(next.err()).isZero();
    }

    @Test
    void aMasterOnTheCommandLineThatIsNoUrlIsNamedAsTheOptionItCameFrom() throws IOException {
        Path config = config("master.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path out = dir.resolve("master");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString(), "--master", "local[*");

        assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).hasLineCount(1).startsWith("sweep: --master: 'local[*' is not a Spark master URL");
        assertThat(out).doesNotExist();
    }

    /** Arguments picocli cannot parse, an empty out dir and a results.json of the wrong shape: one line each. */
    @Test
    void badArgumentsAreOneLineWithoutUsageTextOrClassNames() throws IOException {
        Path results = Files.createDirectories(dir.resolve("not-results"));
        Files.writeString(results.resolve("results.json"), "[]");

        Run unknown = sweep("run", "--foo");
        Run extra = sweep("run", "extra");
        Run emptyOut = sweep("run", "--out", "");
        Run wrongShape = sweep("report", results.toString());

        for (Run run : List.of(unknown, extra, emptyOut, wrongShape)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(run.err()).hasLineCount(1).startsWith("sweep: ").doesNotContain("dev.lrsweep", "`", "Usage");
        }
        assertThat(unknown.err()).contains("Unknown option: '--foo'").contains("bin/sweep run --help");
        assertThat(emptyOut.err()).contains("--out: must not be empty");
        assertThat(wrongShape.err()).contains("not a sweep's results: expected a mapping with keys name, config");
    }

    @Test
    void anOutDirThatCannotBeCreatedIsOneLineAndExitCodeTwo() throws IOException {
        Path config = config("proc.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");

        Run underAFile = sweep("run", "--config", config.toString(), "--out", file.resolve("x").toString());
        Run inProc = sweep("run", "--config", config.toString(), "--out", "/proc/lrsweep-cannot-be-here");

        for (Run run : List.of(underAFile, inProc)) {
            assertThat(run.exitCode()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(run.err()).hasLineCount(1).contains("output.dir: ").contains("cannot create the out dir");
        }
    }

    /**
     * A start point so far away that the loss overflows: every cell diverges at step 0 because the loss
     * was not finite (not because it "rose"), and the report is drawn in seconds from finite values.
     */
    @Test
    void hugeAndNonFiniteLossesAreReportedWithTheirRealCauseAndTheReportIsWrittenInSeconds() throws IOException {
        Path config = config("far.yaml", "data: {synthetic: {weights: [1], rows: 50}}\ninit: {bias: 1.0e300}\n" + GRID);
        Path nearlyFar = config("nearly-far.yaml", "data: {synthetic: {weights: [1], rows: 50}}\ninit: {bias: 1.0e150}\n"
                + GRID);

        Run far = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> sweep("run", "--config", config.toString(), "--out", dir.resolve("far").toString()));
        Run nearly = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> sweep("run", "--config", nearlyFar.toString(), "--out", dir.resolve("nearly").toString()));

        assertThat(far.exitCode()).as(far.err()).isZero();
        assertThat(far.out()).contains("diverged (loss was not finite at step 0)").doesNotContain("rose");
        assertThat(dir.resolve("far/report.html")).isNotEmptyFile();
        assertThat(nearly.exitCode()).as(nearly.err()).isZero();
        assertThat(dir.resolve("nearly/report.html")).isNotEmptyFile();
    }

    /** After a successful run the out dir holds exactly this sweep's files: nothing from the sweep it replaced. */
    @Test
    void afterAnOverwriteTheOutDirHoldsExactlyThisSweepsFiles() throws IOException {
        Path one = config("one.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n" + GRID);
        Path three = config("three.yaml", "data: {synthetic: {weights: [1, 2, 3], rows: 50}}\n" + GRID);
        Path out = dir.resolve("replaced");

        Run first = sweep("run", "--config", one.toString(), "--out", out.toString());
        Files.writeString(out.resolve(".results.csv.0b5c3f1e-2d4a-4c1b-9e8f-7a6b5c4d3e2f.tmp"), "left by a kill");
        Run second = sweep("run", "--config", three.toString(), "--out", out.toString(), "--overwrite");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(files(out)).containsExactly("curves.parquet", "excess-heatmap.svg", "hessian-spectrum.svg",
                "loss-curves.svg", "loss-vs-rate.svg", "parameter-distance.svg", "report.html", "results.csv",
                "results.json", "results.parquet");
    }

    /**
     * A journal whose first line cannot be written (here a signal interrupts the write, as in a sweep stopped just
     * as it began to fit; or the disk is full) is not left behind: the sweep holds no journal it could delete.
     */
    @Test
    void aJournalWhoseFirstLineCannotBeWrittenIsDeleted() throws IOException {
        Path out = Files.createDirectories(dir.resolve("cut"));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> SweepJournal.start(out, new SweepJournal.Header(Map.of("name", "cut"), "synthetic",
                    "0123", "the default start", "4567", Map.of("lrsweep", "0")))).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(files(out)).isEmpty();
    }

    /**
     * SIGTERM (what a kill sends) mid-fit: the sweep says it was interrupted, in its own words,
     * with no trace, and, since no batch had finished, leaves nothing behind.
     */
    @Test
    void aSweepStoppedBySigtermSaysSoAndLeavesNothingBehindWhenNoBatchFinished() throws Exception {
        Path config = config("interrupted.yaml", "data: {synthetic: {weights: [1], rows: 50}}\n"
                + "grid: {learning_rates: [0.01, 0.1], steps: [10000000]}\n"
                + "spark: {master: 'local[1]', settings: {spark.ui.enabled: 'false'}}\n");
        Path out = dir.resolve("interrupted");
        Path log = dir.resolve("interrupted.log");
        Process driver = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                SweepCli.class.getName(), List.of("run", "--config", config.toString(), "--out", out.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the signal as soon as the journal appears, while its first line is being written: where the flaw was
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.exists(out.resolve(SweepJournal.FILE))) {
                assertThat(Instant.now()).as("the journal of a started fit within 2 min").isBefore(deadline);
                Thread.sleep(1);
            }
            driver.destroy();
            assertThat(driver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            driver.destroyForcibly().waitFor();
        }

        String said = Files.readString(log);
        assertThat(said).contains("a long sweep:").contains("sweep: the sweep stopped: interrupted by SIGTERM\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).as("what it said: %s; what it left: %s", said,
                Files.exists(out) ? Files.list(out).map(Path::getFileName).toList() : List.of()).doesNotExist();
    }
}
