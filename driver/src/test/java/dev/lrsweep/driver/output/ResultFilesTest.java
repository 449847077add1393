package dev.lrsweep.driver.output;


import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.DivergenceCause;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.worker.descent.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {
    @TempDir
    Path dir;

    private static SweepRecord record(double bias) {
        DatasetSummary data = new DatasetSummary("synthetic", null, 3, List.of("x0", "x1"), "y", List.of(), null, null, null);
        List<CellResult> rows = List.of(
                new CellResult("gd", null, null, "constant", 0, 0.1, 10, TrialStatus.OK, Regime.UNDERSHOOT, 0.25, 0.125, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        0.5, LinearStart.values(new double[] {1.5, -2}, bias), null, null, null, null, null, Double.NaN, false, null),
                new CellResult("gd", null, null, "constant", 0, 5.0, 10, TrialStatus.DIVERGED, Regime.DIVERGED, Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, LinearStart.values(new double[] {3e30, 1},
                        1e30), null, 4, DivergenceCause.PASSED_BOUND, null, null, Double.NaN, false, null),
                new CellResult("gd", null, null, "constant", 0, 0.3, 10, TrialStatus.FAILED, Regime.FAILED, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, LinearStart.values(new double[] {Double.NaN, Double.NaN}, Double.NaN), null, null,
                        null, null, null, Double.NaN, false, "boom, \"quoted\""));
        List<LossCurve> curves = List.of(
                new LossCurve("gd", null, null, "constant", 0, 0.1, TrialStatus.OK, null, null, Double.NaN, new int[] {0, 1, 2}, new double[] {1, 0.5, 0.25}, new boolean[] {false, false, true}));
        return new SweepRecord("t", Map.of(), data, LinearStart.model(), LinearStart.layout(2), null, null, null, null,
                new Conditioning(1, 1), null, Map.of(), new Provenance.Seeds(null, null, null),
                new Provenance.Versions("test", null, null, null, null), null, null, new Timings(0, 0, 0, 0, 0), null, null, null,
                null, rows, curves);
    }

    @Test
    void theCsvHasOneColumnPerWeightAndLeavesTheNumbersOfAFailedCellEmpty() throws IOException {
        ResultFiles.write(dir, record(0.5));

        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(
                "optimizer,schedule,weight_decay,batch_size,seed,learning_rate,steps,status,regime,final_loss,excess_loss,sensitivity,chaotic,"
                        + "w0,w1,bias,spike_at_step,spike_loss,unstable_loss_min,unstable_loss_max,"
                        + "diverged_at_step,diverged_because,message",
                "gd,constant,0.0,full,,0.1,10,ok,undershoot,0.25,0.125,,,1.5,-2.0,0.5,,,,,,,",
                "gd,constant,0.0,full,,5.0,10,diverged,diverged,Infinity,Infinity,,,3.0E30,1.0,1.0E30,,,,,4,passed_bound,",
                "gd,constant,0.0,full,,0.3,10,failed,failed,,,,,,,,,,,,,,\"boom, \"\"quoted\"\"\"");
    }

    @Test
    void writingAgainReplacesBothFilesWholeAndLeavesNoTemporaryFile() throws IOException {
        ResultFiles.write(dir, record(0.5));
        ResultFiles.write(dir, record(0.75));

        assertThat(ResultFiles.read(dir).rows().get(0).parameters()[2]).isEqualTo(0.75);
        assertThat(Double.isNaN(ResultFiles.read(dir).rows().get(2).finalLoss())).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("results.csv", "results.json", "results.parquet", "curves.parquet");
        }
    }

    /**
     * Spark reads results.parquet back as results.csv, column for column and row for row (a missing value null
     * where the CSV leaves it empty), and curves.parquet as every recorded step of every curve.
     */
    @Test
    void sparkReadsTheParquetTablesBackAsTheCsvAndTheCurves() throws IOException {
        ResultFiles.write(dir, record(0.5));
        List<CSVRecord> csv;
        try (var reader = Files.newBufferedReader(dir.resolve("results.csv"));
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            csv = parser.getRecords();
            SparkSession spark = SparkSession.builder().master("local[1]").appName("read-parquet")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                Dataset<Row> cells = spark.read().parquet(dir.resolve("results.parquet").toString());
                assertThat(cells.columns()).containsExactlyElementsOf(parser.getHeaderNames());
                assertThat(cells.schema().apply("learning_rate").dataType().typeName()).isEqualTo("double");
                assertThat(cells.schema().apply("steps").dataType().typeName()).isEqualTo("long");
                List<Row> rows = cells.collectAsList();
                assertThat(rows).hasSize(csv.size());
                for (int r = 0; r < rows.size(); r++) {
                    for (int c = 0; c < cells.columns().length; c++) {
                        Object value = rows.get(r).get(c);
                        assertThat(value == null ? "" : value.toString()).as("row " + r + ", " + cells.columns()[c])
                                .isEqualTo(csv.get(r).get(c));
                    }
                }
                List<Row> curve = spark.read().parquet(dir.resolve("curves.parquet").toString()).collectAsList();
                assertThat(curve).extracting(Row::toString).containsExactly(
                        "[gd,constant,0.0,full,null,0.1,0,1.0]", "[gd,constant,0.0,full,null,0.1,1,0.5]", "[gd,constant,0.0,full,null,0.1,2,0.25]");
            } finally {
                spark.stop();
            }
        }
    }
}
