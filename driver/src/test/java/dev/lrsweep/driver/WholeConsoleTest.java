package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.safety.SweepJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything a run prints, Spark's and ND4J's logging included: each run in a JVM of its own with the project's
 * logging configuration, as {@code bin/sweep} starts it, its standard output and error read whole.
 */
class WholeConsoleTest {
    private static final String SMALL = "data: {synthetic: {weights: [1], rows: 50}}\n"
            + "grid: {learning_rates: [0.01, 0.1], steps: [5]}\n";

    @TempDir
    Path dir;

    /** A finished child JVM: its exit code and everything it printed, both streams in one. */
    record Console(int exitCode, String text) {
    }

    /** The line the JVM prints at every start for the Vector API's module, which bin/sweep filters out. */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector\n";

    static Console run(Path dir, String mainClass, List<String> arguments) throws IOException, InterruptedException {
        return run(dir, ChildJvm.command(System.getProperty("java.class.path"), mainClass, arguments), child -> { });
    }

    /** Runs {@code command}, does {@code meanwhile} with the running process, and waits for its end. */
    static Console run(Path dir, List<String> command, Meanwhile meanwhile) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "console", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            meanwhile.with(child);
            assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        } finally {
            child.destroyForcibly().waitFor();
        }
        return new Console(child.exitValue(), Files.readString(log).replace(INCUBATOR_WARNING, ""));
    }

    /**
     * Skips the test where the child ignores the signal from its start: a process started in the background by a
     * shell without job control ignores SIGINT, and so does every process it starts (a JVM too, which then never
     * sees the signal). Read from Linux's {@code /proc}; elsewhere the test goes on.
     */
    static void assumeSignalNotIgnored(Process child, int signal) throws IOException {
        Path status = Path.of("/proc", Long.toString(child.pid()), "status");
        if (!Files.isReadable(status)) {
            return;
        }
        String ignored = Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:")).findFirst()
                .map(line -> line.substring("SigIgn:".length()).strip()).orElse("0");
        org.junit.jupiter.api.Assumptions.assumeTrue((Long.parseUnsignedLong(ignored, 16) & (1L << (signal - 1))) == 0,
                "signal " + signal + " is ignored in this process tree (started in the background without job "
                        + "control): the child cannot be interrupted by it");
    }

    /** What a test does while its child runs. */
    @FunctionalInterface
    interface Meanwhile {
        void with(Process child) throws IOException, InterruptedException;
    }

    private Console sweep(String yaml, Path out) throws IOException, InterruptedException {
        return run(dir, SweepCli.class.getName(), sweepArguments(yaml, out));
    }

    private List<String> sweepArguments(String yaml, Path out) throws IOException {
        Path config = Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml);
        return List.of("run", "--config", config.toString(), "--out", out.toString());
    }

    /**
     * A journal that cannot be written mid-run (here each file the sweep's JVM writes is limited to 8 KB, which the
     * journal's first line fits in and its first batch does not), in four batches or in one (whose job has ended
     * when its batch fails to be recorded): the stop names the file and the reason in one line, with no trace,
     * and the sweep, which kept no batch, leaves nothing behind.
     */
    @ParameterizedTest(name = "rates per task: {0}")
    @ValueSource(ints = {1, 4})
    void aJournalThatCannotBeWrittenMidRunIsNamedWithItsReason(int ratesPerTask) throws Exception {
        Path out = dir.resolve("full");
        List<String> sweep = ChildJvm.command(System.getProperty("java.class.path"), SweepCli.class.getName(),
                sweepArguments("data: {synthetic: {weights: [1], rows: 50}}\n"
                        + "grid: {learning_rates: [0.001, 0.01, 0.1, 0.5], steps: [10, 2000], rates_per_task: "
                        + ratesPerTask + "}\n"
                        + "spark: {master: 'local[2]'}\n", out));
        List<String> limited = new ArrayList<>(List.of("bash", "-c", "ulimit -f 8 && exec \"$0\" \"$@\""));
        limited.addAll(sweep);

        Console run = run(dir, limited, child -> { });

        assertThat(run.exitCode()).as(run.text()).isEqualTo(SweepCli.EXIT_INTERNAL_ERROR);
        assertThat(run.text()).contains("sweep: the sweep stopped: cannot write " + out.resolve(SweepJournal.FILE)
                + ": File too large\n").doesNotContain("\tat ", "Exception", "WARN", "ERROR");
        assertThat(out).doesNotExist();
    }

    /**
     * SIGINT (Ctrl-C) while a data-parallel sweep runs a Spark job at every step: the sweep stops its jobs and then
     * Spark, before Spark's own shutdown hooks would stop the executor and the context under them (a task
     * launched or ending then was refused with a RejectedExecutionException trace, in about half the runs of
     * this shape); one line says it was interrupted.
     */
    @Test
    void ctrlCDuringADataParallelSweepSaysSoWithoutTraces() throws Exception {
        Path out = dir.resolve("interrupted");
        List<String> sweep = ChildJvm.command(System.getProperty("java.class.path"), SweepCli.class.getName(),
                sweepArguments("data: {synthetic: {task: classification, rows: 200000, weights: [3.0, -2.0], seed: 7},"
                        + " validation: {fraction: 0.2}}\n"
                        + "model: {kind: mlp, hidden: [16], activation: tanh, loss: cross_entropy}\n"
                        + "init: {seed: 0}\n"
                        + "grid: {learning_rates: [0.01, 0.1], steps: [100000]}\n"
                        + "fit: {parallelism: data}\n"
                        + "spark: {master: 'local[2]'}\n", out));

        Console run = run(dir, sweep, child -> {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.exists(out.resolve(SweepJournal.FILE))) {
                assertThat(Instant.now()).as("the journal of a started fit within 2 min").isBefore(deadline);
                Thread.sleep(10);
            }
            // well into the steps, each a Spark job of a task per slice (the interrupt lands with a job in flight)
            Thread.sleep(2000);
            assumeSignalNotIgnored(child, 2);
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor()).isZero();
        });

        assertThat(run.text()).contains("sweep: the sweep stopped: interrupted by SIGINT (Ctrl-C)\n")
                .doesNotContain("\tat ", "Exception", "WARN", "ERROR");
        assertThat(out).doesNotExist();
    }

    /**
     * A task that runs out of memory in local mode, where Spark ends the JVM (exit code 52) after the task's fatal
     * error: no signal was sent, and the sweep does not say it was interrupted; it says Spark ended the JVM and what
     * to change. Spark's report of the error is one line.
     */
    @Test
    void aTaskOutOfMemoryIsNamedAsSuchNotAsAnInterrupt() throws Exception {
        Path out = dir.resolve("exhausted");
        List<String> command = ChildJvm.command("512m", System.getProperty("java.class.path"), SweepCli.class.getName(),
                sweepArguments(SMALL + "spark: {master: 'local[2]', settings: "
                        + "{spark.lrsweep.fault.exhaustMemory: 'true'}}\n", out));

        Console run = run(dir, command, child -> { });

        assertThat(run.exitCode()).as(run.text()).isEqualTo(52);
        assertThat(run.text()).contains("sweep: the sweep stopped: Spark ended the JVM after a fatal error in a task")
                .containsPattern("ERROR SparkUncaughtExceptionHandler: [^\\n]*java.lang.OutOfMemoryError: Java heap space")
                .doesNotContain("\tat ", "interrupted");
        assertThat(out).doesNotExist();
    }

    /**
     * A Parquet file damaged between its magic bytes, its footer intact: Spark reads its schema and fails in the task
     * that decodes its pages. The sweep's line names the file's path and the reason, and it is the only line: Spark's
     * reports of the failed task and the aborted job are left out.
     */
    @Test
    void aParquetFileDamagedInItsPagesIsOneLineNamingItWithoutSparksTaskReports() throws Exception {
        Path table = dir.resolve("damaged.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(RowFactory.create(i / 200.0, 1 - i / 100.0));
        }
        ParquetTables.write(new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType),
                new ParquetTables.Table(table, rows, 1));
        Path part;
        try (var files = Files.list(table)) {
            part = files.filter(file -> file.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(part);
        Arrays.fill(bytes, 4, bytes.length / 3, (byte) 0x7f); // the column chunks' pages come first, the footer last
        Files.write(part, bytes);
        Path out = dir.resolve("out");

        Console run = sweep("data: {table: {path: " + table + ", label: y}}\n"
                + "grid: {learning_rates: [0.01, 0.1], steps: [5]}\n"
                + "fit: {parallelism: data}\n"
                + "spark: {master: 'local[2]'}\n", out);

        assertThat(run.exitCode()).as(run.text()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.text()).hasLineCount(1).startsWith("sweep: data.table.path: " + table + ": cannot read as parquet: ");
        assertThat(out).doesNotExist();
    }

    /**
     * Settings refused before Spark starts (here one that does not fit the machine; SparkSettingsTest has every
     * check) and a setting Spark refuses as it starts (SweepCliTest has more): one line naming the setting and its value, exit code 2,
     * nothing written, and none of the traces that Spark logs as it fails to start and stops again.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "spark.task.cpus | 4 | spark.settings.spark.task.cpus: 4 cores per task, but master local[2] has 2 cores",
        "spark.plugins | com.example.Missing | Spark did not start (master local[2]): ClassNotFoundException: "
            + "com.example.Missing"})
    void aSettingSparkRefusesAtStartIsOneLineNamingItWithoutTraces(String key, String value, String expected)
            throws Exception {
        Path out = dir.resolve("out");

        Console run = sweep(SMALL + "spark: {master: 'local[2]', settings: {" + key + ": '" + value + "'}}\n", out);

        assertThat(run.exitCode()).as(run.text()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.text()).hasLineCount(1).startsWith("sweep: ").contains(expected);
        assertThat(out).doesNotExist();
    }

    /**
     * Stopping Spark removes the driver's heartbeat receiver before the local executor, whose heartbeat can fall in
     * between: the warning it logs then is silenced, and only it, not the executor's other warnings, which are one
     * line each, the exception's first line included and its trace left out.
     */
    @Test
    void theLocalExecutorsHeartbeatFailingAsSparkStopsIsSilencedAndNothingElseOfItsLogger() throws Exception {
        String executor = "org.apache.spark.executor.Executor";

        Console heartbeat = run(dir, LoggedWarning.class.getName(),
                List.of(executor, "Issue communicating with driver in heartbeater"));
        Console other = run(dir, LoggedWarning.class.getName(), List.of(executor, "Told to re-register on heartbeat"));

        assertThat(heartbeat.text()).isEmpty();
        assertThat(other.text()).hasLineCount(1).contains("WARN  Executor: Told to re-register on heartbeat "
                + "(java.lang.IllegalStateException: logged by a test)");
    }
}
