package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.example.bad.RowLosses;
import dev.lrsweep.driver.StandaloneCluster;
import dev.lrsweep.driver.api.Sweep;
import dev.lrsweep.driver.api.SweepResult;
import dev.lrsweep.driver.api.SweepSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's models swept as a user sweeps them: through {@code bin/sweep run --jars} with this build's jar,
 * through {@code bin/sweep submit --jars} on a standalone cluster, and through the Java API on an application's
 * session; and classes with a mistake refused in one line, with nothing written.
 */
class CustomModelIT {
    private static final Path HOME = Path.of(System.getProperty("lrsweep.home"));
    private static final Path EXAMPLE = Path.of(System.getProperty("example.home"));
    private static final Path JAR = Path.of(System.getProperty("example.jar"));
    /** The float64 twins' relative offset: a cell's sensitivity over it is how much it amplifies rounding. */
    private static final double TWIN_OFFSET = 1e-12;
    /**
     * The sharpness's Hessian-vector products are finite differences whose rounding error is near 1e-9 relative
     * in float64 (see Sharpness): two computations of one fit agree to about that.
     */
    private static final double SHARPNESS_TOLERANCE = 1e-8;

    @TempDir
    static Path dir;

    /** The residual network through the jar, the reference the API and the cluster are compared with. */
    private static Map<String, Map<String, String>> residual;

    record Run(int exitCode, String out, String err) {
    }

    private static Run binSweep(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/sweep").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // the jar under test is the one this build made: bin/sweep must not build again
        builder.environment().put("SWEEP_BUILD", "never");
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        // the class-data-sharing archive bin/sweep makes on its first use after a build says so: not the run's
        String errors = String.join("\n", Files.readAllLines(err).stream()
                .filter(line -> !line.contains("class-data-sharing archive")).toList());
        return new Run(process.exitValue(), Files.readString(out), errors);
    }

    /** The cells of a results.csv, by learning rate and step count, each column by name. */
    private static Map<String, Map<String, String>> cells(Path resultsCsv) throws IOException {
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(resultsCsv);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            parser.forEach(record -> cells.put(record.get("learning_rate") + "@" + record.get("steps"),
                    record.toMap()));
        }
        return cells;
    }

    /**
     * Two sweeps' cells agree: the same cells, statuses and chaotic flags; on every cell that is not chaotic, the
     * same regime and accuracy, the sharpness to its finite differences' rounding, and the loss to 1e-12 relative
     * times how much the cell amplifies rounding (its twin's sensitivity over the twin's offset, at least 1). Two computations of one fit in different
     * orders of summation part by a rounding error a step, and an oscillating fit amplifies it: these cells'
     * digits are worth comparing only that far.
     */
    private static void assertSameCells(Map<String, Map<String, String>> got, Map<String, Map<String, String>> want) {
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        int compared = 0;
        for (String cell : want.keySet()) {
            Map<String, String> a = got.get(cell);
            Map<String, String> b = want.get(cell);
            assertThat(a.get("status")).as(cell).isEqualTo(b.get("status"));
            if ("true".equals(b.get("chaotic")) || "true".equals(a.get("chaotic"))) {
                continue;
            }
            String sensitivity = b.get("sensitivity");
            double amplification = sensitivity.isEmpty() ? 1 : Math.max(1, Double.parseDouble(sensitivity) / TWIN_OFFSET);
            assertThat(a.get("regime")).as(cell).isEqualTo(b.get("regime"));
            assertThat(a.get("accuracy")).as(cell).isEqualTo(b.get("accuracy"));
            double loss = Double.parseDouble(b.get("final_loss"));
            assertThat(Double.parseDouble(a.get("final_loss"))).as(cell + " loss")
                    .isCloseTo(loss, within(1e-12 * amplification * loss));
            double sharpness = Double.parseDouble(b.get("sharpness"));
            assertThat(Double.parseDouble(a.get("sharpness"))).as(cell + " sharpness")
                    .isCloseTo(sharpness, within(SHARPNESS_TOLERANCE * sharpness));
            compared++;
        }
        assertThat(compared).as("non-chaotic cells compared").isGreaterThanOrEqualTo(want.size() / 2);
    }

    @BeforeAll
    static void sweepTheResidualNetworkThroughTheJar() throws Exception {
        Run run = binSweep("run", "--jars", JAR.toString(), "--config", EXAMPLE.resolve("conf/residual.yaml").toString(),
                "--out", dir.resolve("residual").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sweep 'residual': 36 cells");
        residual = cells(dir.resolve("residual/results.csv"));
    }

    /**
     * TwoLayerNet through the jar equals the same network as a config's layers: the same start (the same arrays
     * in the same order, drawn by the same scheme from the same seed) and the same cells.
     */
    @Test
    void theJarsTwoLayerNetworkEqualsTheSameNetworkWrittenAsLayers() throws Exception {
        Run own = binSweep("run", "--jars", JAR.toString(), "--config", EXAMPLE.resolve("conf/two-layer.yaml").toString(),
                "--out", dir.resolve("two-layer").toString());
        Run layers = binSweep("run", "--config", EXAMPLE.resolve("conf/two-layer-layers.yaml").toString(),
                "--out", dir.resolve("two-layer-layers").toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(layers.exitCode()).as(layers.err()).isZero();

        assertSameCells(cells(dir.resolve("two-layer/results.csv")), cells(dir.resolve("two-layer-layers/results.csv")));
        assertThat(Files.readString(dir.resolve("two-layer/report.html")))
                .contains("class com.example.TwoLayerNet {width=8}").contains("theory knows no optimum");
    }

    /**
     * The Java API on an application's session, with the rows as a Dataset it read and the config built in code,
     * gives the cells bin/sweep gave; the session is the application's afterwards.
     */
    @Test
    void theApiOnAnApplicationsSessionGivesTheCellsOfTheCommand() throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("an application")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
                    .csv(HOME.resolve("conf/examples/data/breast-cancer.csv").toString());
            SweepSpec spec = SweepSpec.builder().name("residual").model("com.example.ResidualNet", Map.of("width", 16))
                    .set("data.standardize", true).learningRates(0.01, 30, 12).steps(10, 100, 300).build();

            SweepResult result = Sweep.run(spark, spec, rows, "benign");

            result.writeTo(dir.resolve("api"));
            assertSameCells(cells(dir.resolve("api/results.csv")), residual);
            assertThat(result.cells().count()).isEqualTo(36);
            assertThat(spark.sparkContext().isStopped()).isFalse();
            assertThat(rows.count()).isEqualTo(569);
        } finally {
            spark.stop();
        }
    }

    /** {@code bin/sweep submit --jars} sends the jar to a standalone cluster's executors: the same cells. */
    @Test
    void binSweepSubmitSendsTheJarToTheClustersExecutors() throws Exception {
        Path sparkHome = Path.of(System.getProperty("spark.home.for.tests"));
        StandaloneCluster.installSubmitLauncher(sparkHome);
        try (StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir.resolve("cluster"), 1)) {
            ProcessBuilder submit = new ProcessBuilder(HOME.resolve("bin/sweep").toString(), "submit",
                    "--master", cluster.masterUrl(), "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.executor.memory=1g", "--jars", JAR.toString(),
                    "run", "--config", EXAMPLE.resolve("conf/residual.yaml").toString(),
                    "--out", dir.resolve("on-cluster").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("submit.log").toFile());
            submit.environment().put("SPARK_HOME", sparkHome.toString());
            submit.environment().put("SPARK_SCALA_VERSION", "2.13");
            submit.environment().put("SWEEP_BUILD", "never");
            Process driver = submit.start();
            assertThat(driver.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(driver.exitValue()).as(Files.readString(dir.resolve("submit.log"))).isZero();
        }
        assertThat(Files.readString(dir.resolve("on-cluster/results.json"))).contains("\"master\" : \"spark://");
        assertSameCells(cells(dir.resolve("on-cluster/results.csv")), residual);
    }

    /**
     * A class that is missing, is no model, throws while building its graph or gives a loss that is not a scalar:
     * one line on standard error naming the class, exit code 2, and no out dir.
     */
    @Test
    void aBadClassIsRefusedInOneLineWithNothingWritten() throws Exception {
        Path bad = dir.resolve("bad-models.jar");
        Path classes = Path.of(RowLosses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (OutputStream file = Files.newOutputStream(bad); JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> found = Files.list(classes.resolve("com/example/bad"))) {
            for (Path type : found.toList()) {
                jar.putNextEntry(new JarEntry("com/example/bad/" + type.getFileName()));
                jar.write(Files.readAllBytes(type));
                jar.closeEntry();
            }
        }
        Map<String, String> refusals = Map.of(
                "com.example.Missing", "no such class on the classpath (give its jar with --jars)",
                "com.example.bad.NotAModel", "does not implement dev.lrsweep.worker.model.CustomModel",
                "com.example.bad.ThrowingNet", "its graph failed on 3 rows: IllegalArgumentException: no parameter "
                        + "named bias",
                "com.example.bad.RowLosses", "loss() gives an array of shape [3, 1] on 3 rows, not a scalar (take the "
                        + "mean over the rows)");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Path config = Files.writeString(dir.resolve("bad.yaml"), String.join("\n", "name: bad",
                    "data: {csv: {path: " + HOME.resolve("conf/examples/data/diabetes.csv") + ", label: progression}}",
                    "model: {class: " + refusal.getKey() + "}",
                    "grid: {learning_rates: [0.1], steps: [10]}"));
            Path out = dir.resolve("bad-out");

            Run run = binSweep("run", "--jars", bad.toString(), "--config", config.toString(), "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            // a class that cannot be made is refused as the config is read (the line names the file), one whose
            // graph fails once the data's features are known
            assertThat(run.err()).doesNotContain("\n").startsWith("sweep: ")
                    .endsWith("model.class " + refusal.getKey() + ": " + refusal.getValue());
            assertThat(out).doesNotExist();
        }
    }
}
