package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table larger than the sweep's JVM heap: 9,000,000 rows × 8 columns of doubles (576 MB as the slices
 * hold them) swept by a driver with a 512 MB heap, in local mode, so the executor is that JVM too. A
 * logistic sweep in data mode and a linear sweep through the moments complete, and their numbers are
 * those computed independently here with Spark SQL aggregates: the first step of logistic regression
 * from 0 (θ₁ = −lr·Aᵀ(½ − y)/n), and the least-squares solution of the normal equations.
 */
class LargerThanHeapTest {
    private static final long ROWS = 9_000_000;
    private static final int FEATURES = 7;
    private static final String HEAP = "512m";

    @TempDir
    static Path dir;

    /** E[a_i·a_j] for A = [X | 1 | y]: the moments the checks need, from Spark SQL in this JVM. */
    private static double[][] products;

    @BeforeAll
    static void writeATableLargerThanTheHeap() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-large-table")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            // values on a grid of 1/100 (a few hundred distinct per column): Parquet's dictionaries keep the file
            // small and quick to write, while in memory each is still an 8-byte double
            List<String> columns = new ArrayList<>();
            StringBuilder logit = new StringBuilder("0.2");
            for (int j = 0; j < FEATURES; j++) {
                columns.add("round(randn(" + (j + 1) + ") * " + (j + 1) + ", 2) AS x" + j);
                logit.append(j % 2 == 0 ? " + " : " - ").append(0.3).append(" * x").append(j);
            }
            var features = spark.range(0, ROWS, 1, 8).selectExpr(columns.toArray(String[]::new));
            var table = features.selectExpr("*", "CAST(rand(99) < 1 / (1 + exp(-(" + logit + "))) AS INT) AS y");
            table.write().parquet(dir.resolve("large.parquet").toString());

            var written = spark.read().parquet(dir.resolve("large.parquet").toString());
            List<String> names = new ArrayList<>();
            for (int j = 0; j < FEATURES; j++) {
                names.add("x" + j);
            }
            names.add("1");
            names.add("y");
            List<String> averages = new ArrayList<>();
            for (String a : names) {
                for (String b : names) {
                    averages.add("avg(CAST(" + a + " AS DOUBLE) * " + b + ")");
                }
            }
            Row row = written.selectExpr(averages.toArray(String[]::new)).first();
            int m = names.size();
            products = new double[m][m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    products[a][b] = row.getDouble(a * m + b);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static SweepRecord sweepInAChildJvm(String name, String model, String steps, String fit) throws Exception {
        Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                data: {table: {path: large.parquet, label: y}}
                model: %s
                grid: {learning_rates: [0.01, 0.05], steps: [%s]}
                fit: %s
                spark: {settings: {spark.ui.enabled: "false"}}
                """.formatted(name, model, steps, fit));
        List<String> command = ChildJvm.command(HEAP, System.getProperty("java.class.path"), SweepCli.class.getName(),
                List.of("run", "--config", config.toString(), "--master", "local[2]", "--out",
                        dir.resolve(name).toString()));
        Process sweep = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        assertThat(sweep.waitFor(5, TimeUnit.MINUTES)).as("finishes").isTrue();
        String log = Files.readString(dir.resolve(name + ".log"));
        assertThat(sweep.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("OutOfMemoryError");
        return ResultFiles.read(dir.resolve(name));
    }

    @Test
    void aLogisticSweepInDataModeCompletesWithTheFirstStepTheMomentsPredict() throws Exception {
        SweepRecord record = sweepInAChildJvm("logistic", "{kind: logistic}", "1", "{}");

        assertThat(record.dataset().rows()).isEqualTo(ROWS);
        assertThat(record.execution().parallelism()).as("auto chooses data: the rows outgrow the heap").isEqualTo("data");
        int y = FEATURES + 1;
        for (CellResult cell : record.rows()) {
            // θ₁ = −lr·∇L(0), ∇L(0) = Aᵀ(½ − y)/n: E[a_j]/2 − E[a_j·y] for each column a_j of [X | 1]
            for (int j = 0; j <= FEATURES; j++) {
                double gradient = products[j][FEATURES] / 2 - products[j][y];
                assertThat(cell.parameters()[j]).as("rate " + cell.learningRate() + ", parameter " + j)
                        .isCloseTo(-cell.learningRate() * gradient, within(1e-9 * cell.learningRate()));
            }
        }
        assertThat(record.rows()).allSatisfy(cell -> assertThat(cell.finalLoss()).isLessThan(Math.log(2)));
    }

    @Test
    void aLinearSweepThroughTheMomentsFindsTheLeastSquaresSolution() throws Exception {
        SweepRecord record = sweepInAChildJvm("linear", "{kind: linear}", "1, 3", "{parallelism: auto}");

        int p = FEATURES + 1;
        double[][] gram = new double[p][p];
        double[] right = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                gram[a][b] = products[a][b];
            }
            right[a] = products[a][p];
        }
        double[] exact = new LUDecomposition(new Array2DRowRealMatrix(gram)).getSolver()
                .solve(new ArrayRealVector(right)).toArray();
        @SuppressWarnings("unchecked")
        List<Double> weights = (List<Double>) record.theory().exactParameters().get("weights");
        for (int j = 0; j < FEATURES; j++) {
            assertThat(weights.get(j)).as("weight " + j).isCloseTo(exact[j], within(1e-8));
        }
        assertThat((Double) record.theory().exactParameters().get("bias")).isCloseTo(exact[FEATURES], within(1e-8));
        assertThat(record.execution().parallelismReason()).contains("moments");
        assertThat(Map.of("rows", record.dataset().rows())).containsEntry("rows", (int) ROWS);
    }
}
