package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.safety.SweepJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real standalone cluster (a Master and two Workers, each a JVM of its
 * own), submitted through spark-submit's entry point and through {@code bin/sweep submit}: the numbers equal a
 * local run's to the last digit, also when an executor is killed mid-sweep or tasks run speculatively, and a
 * data-parallel sweep's equal a local grid run's up to the order of summation.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
    private static final Path APPLICATION_JAR = Path.of(System.getProperty("application.jar"));
    private static final String LONG_SWEEP = """
            name: long-on-cluster
            data: {synthetic: {rows: 100, weights: [0.1], bias: 0.5, noise: 0.05, seed: 11}}
            init: {weights: [0.0], bias: -1.0}
            grid: {learning_rates: {from: 0.001, to: 3, count: 12}, steps: [100, 2000], rates_per_task: 1}
            """;

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new StandaloneCluster(Path.of(System.getProperty("spark.home.for.tests")), dir, 2);
    }

    @AfterAll
    static void stopClusterAndLeaveNoProcessBehind() throws Exception {
        cluster.close();
        assertThat(cluster.alive()).as("JVMs left behind").isEmpty();
    }

    private static void awaitSuccess(Process driver, String name) throws Exception {
        boolean exited = driver.waitFor(6, TimeUnit.MINUTES);
        String log = Files.readString(cluster.log("driver-" + name));
        assertThat(exited).as("the driver finished; its log:%n%s", log).isTrue();
        assertThat(driver.exitValue()).as("exit code; the driver's log:%n%s", log).isZero();
    }

    private static Path localRun(Path config, String name) {
        Path out = dir.resolve("local-" + name);
        Run local = sweep("run", "--config", config.toString(), "--master", "local[2]", "--out", out.toString());
        assertThat(local.exitCode()).as(local.err()).isZero();
        return out;
    }

    private static void assertSameResults(Path clusterOut, Path localOut, int cells) throws IOException {
        assertThat(Files.readString(clusterOut.resolve("results.csv")))
                .isEqualTo(Files.readString(localOut.resolve("results.csv")));
        List<CellResult> rows = ResultFiles.read(clusterOut).rows();
        Set<String> keys = new HashSet<>();
        rows.forEach(row -> keys.add(row.learningRate() + "@" + row.steps()));
        assertThat(rows).hasSize(cells);
        assertThat(keys).hasSize(cells);
    }

    /**
     * Data parallelism on the cluster: a Parquet table's rows (and the held-out ones) cached as slices on both
     * workers' executors and served by one task per partition for the whole fit, and theory's passes (the logistic optimum by Newton's method) summed
     * there too; every theory key, regime and chaotic mark equals a local run's in grid mode, and every cell's numbers
     * up to the order of summation, chaotic cells' digits past the first excepted.
     */
    private static void assertDataModeEqualsGridMode(SweepRecord distributed, SweepRecord grid) {
        assertThat(distributed.execution().parallelism()).isEqualTo("data");
        assertThat(distributed.execution().parallelismReason()).endsWith("held by one task for the whole fit");
        assertThat(grid.theory().lrCritical()).as("the optimum is known").isNotNull();
        assertThat(distributed.theory().lrCritical()).isCloseTo(grid.theory().lrCritical(),
                within(1e-9 * grid.theory().lrCritical()));
        assertThat(distributed.theory().optimalLoss()).isCloseTo(grid.theory().optimalLoss(),
                within(1e-9 * grid.theory().optimalLoss()));
        assertThat(distributed.theory().sharpnessStart()).isCloseTo(grid.theory().sharpnessStart(),
                within(1e-9 * grid.theory().sharpnessStart()));
        assertThat(distributed.rows()).hasSameSizeAs(grid.rows());
        for (int i = 0; i < grid.rows().size(); i++) {
            CellResult want = grid.rows().get(i);
            CellResult got = distributed.rows().get(i);
            String cell = "rate " + want.learningRate() + ", " + want.steps() + " steps";
            assertThat(got.regime()).as(cell).isEqualTo(want.regime());
            assertThat(got.chaotic()).as(cell + " chaotic").isEqualTo(want.chaotic());
            assertThat(want.validationLoss()).as(cell + ": no rate of this grid diverges").isFinite();
            if (want.chaotic()) {
                continue;
            }
            assertThat(got.finalLoss()).as(cell).isCloseTo(want.finalLoss(), within(1e-9 * want.finalLoss()));
            assertThat(got.validationLoss()).as(cell)
                    .isCloseTo(want.validationLoss(), within(1e-9 * want.validationLoss()));
            assertThat(got.accuracy()).as(cell).isEqualTo(want.accuracy());
            assertThat(got.validationAccuracy()).as(cell).isEqualTo(want.validationAccuracy());
            assertThat(got.parameters()).as(cell).containsExactly(want.parameters(), within(1e-9));
        }
    }

    /** 600 rows of two features, labels drawn from a logistic model, as a Parquet table of 3 files. */
    private static void writeTable(Path path) {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            double x0 = 2 * random.nextDouble() - 1;
            double x1 = 2 * random.nextDouble() - 1;
            double logit = 2 * x0 - x1 + 0.3;
            rows.add(RowFactory.create(x0, x1,
                    random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0));
        }
        StructType schema = new StructType()
                .add("x0", DataTypes.DoubleType)
                .add("x1", DataTypes.DoubleType)
                .add("y", DataTypes.IntegerType);
        ParquetTables.write(schema, new ParquetTables.Table(path, rows, 3));
    }

    /**
     * Tasks that run speculatively, and an executor killed mid-sweep: every cell appears exactly once, with the numbers
     * of a local run.
     */
    @Test
    void withSpeculativeTasksAndAnExecutorKilledMidSweepEachCellAppearsExactlyOnce() throws Exception {
        Path config = Files.writeString(dir.resolve("long.yaml"), LONG_SWEEP);
        Path out = dir.resolve("cluster-killed-executor");

        Process driver = cluster.submit(APPLICATION_JAR, "killed-executor", List.of("--conf", "spark.speculation=true",
                "--conf", "spark.speculation.interval=100ms", "--conf", "spark.speculation.multiplier=1.1",
                "--conf", "spark.speculation.quantile=0.1", "--conf", "spark.speculation.minTaskRuntime=100ms"),
                List.of("run", "--config", config.toString(), "--out", out.toString()));
        Path journal = out.resolve(SweepJournal.FILE);
        StandaloneCluster.waitFor(() -> Files.exists(journal) && Files.readAllLines(journal).size() >= 3
                && !cluster.executors().isEmpty(), Duration.ofMinutes(4), "two finished batches");
        ProcessHandle victim = cluster.executors().get(0);
        assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
        assertThat(Files.readAllLines(journal).size()).as("killed mid-sweep").isLessThan(13);
        awaitSuccess(driver, "killed-executor");

        assertSameResults(out, localRun(config, "killed-executor"), 24);
    }

    /**
     * {@code bin/sweep submit} with a Spark installation whose {@code bin/spark-submit} is a plain launcher, running a
     * sweep in data parallelism.
     */
    @Test
    void binSweepSubmitPassesSparkOptionsThroughAndRunsTheSweepOnTheCluster() throws Exception {
        Path sparkHome = Path.of(System.getProperty("spark.home.for.tests"));
        StandaloneCluster.installSubmitLauncher(sparkHome);
        writeTable(dir.resolve("cluster-rows.parquet"));
        String sweep = """
                name: data-on-cluster
                data: {table: {path: %s, label: y}, validation: {fraction: 0.2, seed: 1}}
                model: {kind: logistic}
                grid: {learning_rates: {from: 0.1, to: 30, count: 5}, steps: [5, 15]}
                fit: {parallelism: %s}
                """;
        String table = dir.resolve("cluster-rows.parquet").toString();
        Path config = Files.writeString(dir.resolve("data-mode.yaml"), sweep.formatted(table, "data"));
        Path gridMode = Files.writeString(dir.resolve("grid-mode.yaml"), sweep.formatted(table, "grid"));
        Path out = dir.resolve("cluster-bin-submit");
        Path log = dir.resolve("bin-submit.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("lrsweep.home"), "bin", "sweep").toString(),
                "submit", "--master", cluster.masterUrl(), "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.memory=1g", "run", "--config", config.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        // the jar under test is the one this build made: bin/sweep must not build again
        builder.environment().put("SWEEP_BUILD", "never");
        Process driver = builder.start();

        assertThat(driver.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(driver.exitValue()).as(Files.readString(log)).isZero();
        SweepRecord distributed = ResultFiles.read(out);
        assertThat(distributed.execution().master()).isEqualTo(cluster.masterUrl());
        assertThat(out.resolve("report.html")).isNotEmptyFile();
        assertDataModeEqualsGridMode(distributed, ResultFiles.read(localRun(gridMode, "grid-mode")));
    }
}
