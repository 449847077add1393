package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.api.Sweep;
import dev.lrsweep.driver.api.SweepResult;
import dev.lrsweep.driver.api.SweepSpec;
import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API on a Spark application's own session: a sweep of rows of a {@code Dataset<Row>} gives the cells
 * {@code bin/sweep run} gives on the same file, the session is still the application's afterwards, and bad input is
 * refused in one line.
 */
class SweepApiTest {
    private static final Path BREAST_CANCER = Path.of("../conf/examples/data/breast-cancer.csv").toAbsolutePath();
    private static SparkSession spark;

    @TempDir
    static Path dir;

    /** bin/sweep run on the file (its own Spark, stopped), then the application's session. */
    @BeforeAll
    static void runTheCommandThenStartTheApplicationsSession() throws IOException {
        Path config = Files.writeString(dir.resolve("sweep.yaml"), String.join("\n",
                "name: api", "data: {csv: {path: " + BREAST_CANCER + ", label: benign}, standardize: true}",
                "model: {kind: logistic}",
                "grid: {learning_rates: {from: 0.01, to: 30, count: 6, scale: log}, steps: [10, 100]}"));
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out",
                dir.resolve("cli").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        spark = SparkSession.builder().master("local[2]").appName("an application")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopIt() {
        spark.stop();
    }

    private static SweepSpec.Builder logistic() {
        return SweepSpec.builder().name("api").set("model.kind", "logistic").set("data.standardize", true)
                .learningRates(0.01, 30, 6).steps(10, 100);
    }

    /**
     * Logistic regression on breast-cancer.csv read by the application with Spark equals bin/sweep run on the file:
     * every cell's columns, the numbers to the last digit (the same rows in the same order); the result's typed
     * values agree with its table, and it writes the usual out dir.
     */
    @Test
    void aSweepOfAnApplicationsDatasetEqualsTheCommandsOnTheSameFile() throws IOException {
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(BREAST_CANCER.toString());
        SweepResult result = Sweep.run(spark, logistic().build(), rows, "benign");

        List<CSVRecord> csv;
        List<String> header;
        try (Reader reader = Files.newBufferedReader(dir.resolve("cli/results.csv"));
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            csv = parser.getRecords();
            header = parser.getHeaderNames();
        }
        Dataset<Row> cells = result.cells();
        assertThat(cells.columns()).containsExactlyElementsOf(header);
        List<Row> got = cells.collectAsList();
        assertThat(got).hasSize(12).hasSize(csv.size());
        for (int r = 0; r < got.size(); r++) {
            for (int c = 0; c < header.size(); c++) {
                Object value = got.get(r).get(c);
                String cell = "row " + r + ", " + header.get(c);
                if (value instanceof Double number && Double.isFinite(number)) {
                    // the standardisation's means and scales are summed on the executors for a Dataset, on the
                    // driver for a CSV file, in another order: the last digit may differ
                    assertThat(number).as(cell).isCloseTo(Double.parseDouble(csv.get(r).get(c)),
                            within(1e-12 * Math.max(1, Math.abs(number))));
                } else {
                    assertThat(value == null ? "" : value.toString()).as(cell).isEqualTo(csv.get(r).get(c));
                }
            }
        }
        assertThat(result.cellResults().get(11).finalLoss()).isEqualTo(got.get(11).getAs("final_loss"));
        assertThat(result.series()).hasSize(1);
        assertThat(result.theory().floor()).isEqualTo(result.record().theory().floor()).isNotNaN();
        assertThat(result.suggestions().get(0).bestAt(100)).isNotNull();
        assertThat(result.curves().where("learning_rate = 0.01").count()).isGreaterThan(100);

        result.writeTo(dir.resolve("api"));
        assertThat(dir.resolve("api/report.html")).exists();
        assertThat(Files.readAllLines(dir.resolve("api/results.csv"))).hasSize(13);

        assertThat(spark.sparkContext().isStopped()).isFalse();
        assertThat(spark.range(5).count()).isEqualTo(5);
    }

    @Test
    void badInputIsRefusedInOneLineAndTheSessionGoesOn() {
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(BREAST_CANCER.toString());
        assertThatThrownBy(() -> Sweep.run(spark, logistic().build(), rows, "no_such_column"))
                .isInstanceOf(SweepInputException.class)
                .hasMessageStartingWith("data.table.label: no column 'no_such_column' in the Dataset<Row> given");
        assertThatThrownBy(() -> Sweep.run(spark, logistic().set("grid.steps", List.of(0)).build(), rows, "benign"))
                .hasMessageStartingWith("the config built in code: grid.steps");
        assertThatThrownBy(() -> Sweep.run(spark, SweepSpec.fromYaml("name: x\ndata: {csv: {path: a.csv, label: y}}"
                + "\ngrid: {learning_rates: [0.1], steps: [1]}"), rows, "benign"))
                .hasMessage("the config text: data.csv: the rows are given as a Dataset<Row>; leave data.csv out");
        assertThat(spark.range(3).count()).isEqualTo(3);
    }
}
