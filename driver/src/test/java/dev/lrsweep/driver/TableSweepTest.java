package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.table: a Parquet table read by Spark gives the numbers the same rows give from a CSV file, in both
 * parallelism modes and on one and two cores; a linear sweep fits on moments computed on the executors;
 * a table is read from any path Spark reads; bad tables and paths are refused in one line naming the
 * column or the path, with nothing written.
 */
class TableSweepTest {
    private static final int ROWS = 400;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheSameRowsAsCsvAndAsAParquetTableOfThreeFiles() throws IOException {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("x0,x1,y,v\n");
        List<Row> rows = new ArrayList<>();
        List<Row> withNulls = new ArrayList<>();
        List<Row> huge = new ArrayList<>();
        StringBuilder hugeCsv = new StringBuilder("x0,x1,y\n");
        for (int i = 0; i < ROWS; i++) {
            double x0 = random.nextGaussian() * 2 + 1;
            double x1 = random.nextGaussian();
            double logit = 1.5 * x0 - 2 * x1 + 0.3;
            int y = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            double v = 0.7 * x0 - 0.4 * x1 + 2 + 0.1 * random.nextGaussian();
            csv.append(x0).append(',').append(x1).append(',').append(y).append(',').append(v).append('\n');
            // columns in another order, a label as an integer, and a text column the sweep must pass over
            rows.add(RowFactory.create("row " + i, y, x1, x0, v));
            withNulls.add(RowFactory.create("row " + i, y, i % 50 == 3 ? null : x1, x0, v));
            // values that are finite, but whose squares are not
            huge.add(RowFactory.create("row " + i, y, x1, x0 * 1e200, v));
            hugeCsv.append(x0 * 1e200).append(',').append(x1).append(',').append(y).append('\n');
        }
        Files.writeString(dir.resolve("rows.csv"), csv);
        Files.writeString(dir.resolve("huge.csv"), hugeCsv);
        StructType schema = new StructType().add("note", DataTypes.StringType).add("y", DataTypes.IntegerType)
                .add("x1", DataTypes.DoubleType).add("x0", DataTypes.DoubleType).add("v", DataTypes.DoubleType);
        ParquetTables.write(schema, new ParquetTables.Table(dir.resolve("rows.parquet"), rows, 3),
                new ParquetTables.Table(dir.resolve("nulls.parquet"), withNulls, 1),
                new ParquetTables.Table(dir.resolve("huge.parquet"), huge, 2));
        // the same rows in the same files with the features in one column: Spark ML's vectors, arrays of doubles
        ParquetTables.rewrite(dir.resolve("rows.parquet"), dir.resolve("vectors.parquet"), table ->
                new VectorAssembler().setInputCols(new String[] {"x0", "x1"}).setOutputCol("features")
                        .transform(table).drop("x0", "x1"));
        ParquetTables.rewrite(dir.resolve("rows.parquet"), dir.resolve("arrays.parquet"), table -> table
                .withColumn("xs", functions.array(functions.col("x0"), functions.col("x1"))).drop("x0", "x1", "v"));
        // vectors dense and sparse, of which four rows (sparse ones) hold 3 values
        List<Row> ragged = new ArrayList<>();
        for (Row row : rows) {
            double x1 = row.getDouble(2);
            double x0 = row.getDouble(3);
            int i = ragged.size();
            ragged.add(RowFactory.create(row.getString(0), row.getInt(1), i % 100 == 7
                    ? org.apache.spark.ml.linalg.Vectors.sparse(3, new int[] {0, 2}, new double[] {x0, x1})
                    : i % 2 == 0 ? org.apache.spark.ml.linalg.Vectors.dense(x0, x1)
                    : org.apache.spark.ml.linalg.Vectors.sparse(2, new int[] {0, 1}, new double[] {x0, x1})));
        }
        ParquetTables.write(new StructType().add("note", DataTypes.StringType).add("y", DataTypes.IntegerType)
                .add("features", new org.apache.spark.ml.linalg.VectorUDT()),
                new ParquetTables.Table(dir.resolve("ragged.parquet"), ragged, 2));
    }

    private static SweepCliTest.Run sweep(String name, String data, String model, String fit, String master)
            throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                data: %s
                model: %s
                grid: {learning_rates: {from: 0.01, to: 30, count: 6}, steps: [5, 60], rates_per_task: 3}
                fit: %s
                spark: {settings: {spark.ui.enabled: "false"}}
                """.formatted(name, data, model, fit));
        return SweepCliTest.sweep("run", "--config", config.toString(), "--master", master, "--out",
                dir.resolve(name).toString());
    }

    private static SweepRecord ran(SweepCliTest.Run run, String name) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ResultFiles.read(dir.resolve(name));
    }

    /** Every cell's regime, loss (to {@code tolerance} relative), accuracy and parameters agree. */
    private static void sameCells(SweepRecord actual, SweepRecord expected, double tolerance) {
        assertThat(actual.rows()).hasSameSizeAs(expected.rows());
        for (int i = 0; i < expected.rows().size(); i++) {
            CellResult want = expected.rows().get(i);
            CellResult got = actual.rows().get(i);
            String cell = "rate " + want.learningRate() + ", " + want.steps() + " steps";
            assertThat(got.regime()).as(cell).isEqualTo(want.regime());
            assertThat(got.status()).as(cell).isEqualTo(want.status());
            assertThat(got.finalLoss()).as(cell + " loss")
                    .isCloseTo(want.finalLoss(), within(tolerance * Math.abs(want.finalLoss())));
            assertThat(got.parameters()).as(cell + " parameters")
                    .containsExactly(want.parameters(), within(tolerance * Math.max(1, maxAbs(want.parameters()))));
            if (!Double.isNaN(want.accuracy())) {
                assertThat(got.accuracy()).as(cell + " accuracy").isEqualTo(want.accuracy());
            }
            assertThat(Double.isNaN(got.validationLoss())).as(cell + " validation").isEqualTo(
                    Double.isNaN(want.validationLoss()));
            if (!Double.isNaN(want.validationLoss())) {
                assertThat(got.validationLoss()).as(cell + " validation loss")
                        .isCloseTo(want.validationLoss(), within(tolerance * Math.abs(want.validationLoss())));
            }
            if (!Double.isNaN(want.validationAccuracy())) {
                assertThat(got.validationAccuracy()).as(cell + " validation accuracy")
                        .isEqualTo(want.validationAccuracy());
            }
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static final String CSV = "{csv: {path: rows.csv, label: y}}";
    private static final String TABLE = "{table: {path: rows.parquet, label: y, features: [x0, x1]}}";
    private static final String LOGISTIC = "{kind: logistic}";

    /**
     * Spark users keep features in one column: a column of Spark ML vectors written by {@code VectorAssembler}, or of
     * arrays (found without naming it, as the table's one such column), gives the sweep of the same rows in scalar
     * columns to 1e-12; its features are named after it.
     */
    @Test
    void aVectorAssemblerColumnOrAnArrayColumnGivesTheSweepOfTheSameRowsInScalarColumns() throws IOException {
        SweepRecord scalars = ran(sweep("scalars", TABLE, LOGISTIC, "{parallelism: grid}", "local[2]"), "scalars");
        SweepRecord vectors = ran(sweep("vectors", "{table: {path: vectors.parquet, label: y, features: [features]}}",
                LOGISTIC, "{parallelism: grid}", "local[2]"), "vectors");
        SweepRecord arrays = ran(sweep("arrays", "{table: {path: arrays.parquet, label: y}}", LOGISTIC,
                "{parallelism: grid}", "local[2]"), "arrays");

        sameCells(vectors, scalars, 1e-12);
        sameCells(arrays, scalars, 1e-12);
        assertThat(vectors.dataset().featureNames()).containsExactly("features[0]", "features[1]");
        assertThat(arrays.dataset().featureNames()).containsExactly("xs[0]", "xs[1]");
    }

    /** A vector column whose rows are not all of one length is refused in one line counting the rows, before any fit. */
    @Test
    void aVectorColumnOfRowsOfAnotherLengthIsRefusedCountingThem() throws IOException {
        assertRefused("ragged", "{table: {path: ragged.parquet, label: y}}", LOGISTIC,
                "data.table.features: column 'features' of ", "ragged.parquet holds vectors of 2 values in its first "
                        + "row, and 4 rows hold another length (every row's vector needs the same)");
    }

    @Test
    void aLogisticSweepOnAParquetTableEqualsTheSweepOnTheSameRowsInBothModesOnOneAndTwoCores() throws IOException {
        // the CSV's label v would be a feature there: name the features in the table, leave v out of the CSV
        Files.writeString(dir.resolve("classes.csv"), String.join("\n", Files.readAllLines(dir.resolve("rows.csv"))
                .stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList()) + "\n");
        SweepRecord csv = ran(sweep("csv", "{csv: {path: classes.csv, label: y}}", LOGISTIC, "{}", "local[2]"), "csv");
        SweepRecord grid = ran(sweep("grid", TABLE, LOGISTIC, "{parallelism: grid}", "local[2]"), "grid");
        SweepRecord data1 = ran(sweep("data1", TABLE, LOGISTIC, "{parallelism: data}", "local[1]"), "data1");
        SweepRecord data2 = ran(sweep("data2", TABLE, LOGISTIC, "{parallelism: data}", "local[2]"), "data2");
        SweepRecord auto = ran(sweep("auto", TABLE, LOGISTIC, "{}", "local[2]"), "auto");

        // the rows come in another order from three files: the same numbers up to the order of summation
        sameCells(grid, csv, 1e-9);
        sameCells(data1, csv, 1e-9);
        sameCells(data2, csv, 1e-9);
        assertThat(grid.execution().parallelism()).isEqualTo("grid");
        assertThat(data2.execution().parallelism()).isEqualTo("data");
        assertThat(data2.execution().tasks()).as("one batch: every step's job serves every rate").isEqualTo(1);
        assertThat(auto.execution().parallelism()).isEqualTo("grid");
        assertThat(auto.execution().parallelismReason()).contains("fit in a quarter of an executor's memory");
        // the statistics computed on the executors are the CSV's
        for (int j = 0; j < 3; j++) {
            var want = csv.dataset().columns().get(j);
            var got = grid.dataset().columns().get(j);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(got.mean()).isCloseTo(want.mean(), within(1e-12 * Math.max(1, Math.abs(want.mean()))));
            assertThat(got.std()).isCloseTo(want.std(), within(1e-12 * want.std()));
            assertThat(got.min()).isEqualTo(want.min());
            assertThat(got.max()).isEqualTo(want.max());
        }
        assertThat(grid.dataset().source()).endsWith("rows.parquet");
        assertThat(grid.dataset().rows()).isEqualTo(ROWS);
        assertThat(grid.theory().lrCritical()).isCloseTo(csv.theory().lrCritical(), within(1e-9 * csv.theory().lrCritical()));
        // in data mode theory keeps what the moments give
        assertThat(data2.theory().lrSafe()).isCloseTo(csv.theory().lrSafe(), within(1e-12 * csv.theory().lrSafe()));
    }

    /**
     * data.validation holds out the same rows from a CSV file and from a table of the same rows in three
     * files, in both modes: every cell's validation loss and accuracy agree, and the suggestions rank by them.
     */
    @Test
    void theSameRowsAreHeldOutFromACsvFileAndATableInBothModes() throws IOException {
        Files.writeString(dir.resolve("held.csv"), String.join("\n", Files.readAllLines(dir.resolve("rows.csv"))
                .stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList()) + "\n");
        String held = ", validation: {fraction: 0.25, seed: 3}}";
        SweepRecord csv = ran(sweep("held-csv", "{csv: {path: held.csv, label: y}" + held, LOGISTIC, "{}",
                "local[2]"), "held-csv");
        SweepRecord grid = ran(sweep("held-grid", TABLE.substring(0, TABLE.length() - 1) + held, LOGISTIC,
                "{parallelism: grid}", "local[2]"), "held-grid");
        SweepRecord data = ran(sweep("held-data", TABLE.substring(0, TABLE.length() - 1) + held, LOGISTIC,
                "{parallelism: data}", "local[2]"), "held-data");

        assertThat(csv.validation().rows()).isBetween(70, 130);
        assertThat(csv.dataset().rows() + csv.validation().rows()).isEqualTo(ROWS);
        assertThat(grid.validation()).isEqualTo(csv.validation());
        assertThat(data.validation()).isEqualTo(csv.validation());
        assertThat(grid.dataset().rows()).isEqualTo(csv.dataset().rows());
        // rounding in another order of summation grows over 60 steps at the largest rates (6e-9 seen at rate 30)
        sameCells(grid, csv, 1e-7);
        sameCells(data, csv, 1e-7);
        assertThat(csv.rows()).filteredOn(row -> row.status() == dev.lrsweep.worker.descent.TrialStatus.OK)
                .allSatisfy(row -> assertThat(row.validationAccuracy()).isBetween(0.0, 1.0));
        // the suggestions rank by the held-out loss: each step count's best is the lowest of its cells
        assertThat(csv.single().suggestions().rankedBy()).isEqualTo("validation_loss");
        for (var best : csv.single().suggestions().bestPerStepCount()) {
            double lowest = csv.rows().stream().filter(row -> row.steps() == best.steps())
                    .filter(row -> row.regime() != Regime.DIVERGED && row.regime() != Regime.FAILED)
                    .mapToDouble(CellResult::validationLoss).min().orElseThrow();
            assertThat(best.loss()).isEqualTo(lowest);
        }
        String header = Files.readAllLines(dir.resolve("held-data/results.csv")).get(0);
        assertThat(header).startsWith("optimizer,schedule,weight_decay,batch_size,seed,learning_rate,steps,status,regime,final_loss,"
                + "excess_loss,sensitivity,chaotic,accuracy,validation_loss,validation_accuracy,");
        String report = Files.readString(dir.resolve("held-data/report.html"));
        assertThat(report).contains("held out for validation").contains("ranked by validation loss");
    }

    /**
     * The validation loss of a linear cell is the mean squared error on the held-out rows: with the training
     * loss it makes up the loss on all the rows, n_t·L_t + n_v·L_v = n·L, computed here from every row of the
     * CSV file whichever side it fell on.
     */
    @Test
    void aLinearCellsTrainingAndValidationLossesMakeUpItsLossOnAllTheRows() throws IOException {
        SweepRecord record = ran(sweep("held-linear", "{csv: {path: rows.csv, label: v}, validation: {fraction: 0.3}}",
                "{kind: linear}", "{}", "local[2]"), "held-linear");
        List<String> lines = Files.readAllLines(dir.resolve("rows.csv"));
        int n = lines.size() - 1;
        int heldOut = record.validation().rows();
        assertThat(heldOut).isBetween(90, 150);
        assertThat(record.validation().seed()).isZero();
        for (CellResult cell : record.rows()) {
            if (cell.status() != dev.lrsweep.worker.descent.TrialStatus.OK) {
                assertThat(cell.validationLoss()).isNaN();
                continue;
            }
            double[] theta = cell.parameters();
            double squares = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                // columns x0, x1, y, v: the features x0, x1, y, the label v
                double residual = theta[3] - Double.parseDouble(cells[3]);
                for (int j = 0; j < 3; j++) {
                    residual += theta[j] * Double.parseDouble(cells[j]);
                }
                squares += residual * residual;
            }
            double together = (n - heldOut) * cell.finalLoss() + heldOut * cell.validationLoss();
            assertThat(together).as("rate " + cell.learningRate() + ", " + cell.steps() + " steps")
                    .isCloseTo(squares, within(1e-9 * squares));
        }
    }

    @Test
    void aLinearSweepOnATableFitsOnMomentsComputedOnTheExecutors() throws IOException {
        SweepRecord csv = ran(sweep("lin-csv", "{csv: {path: rows.csv, label: v}}", "{kind: linear}", "{}", "local[2]"),
                "lin-csv");
        // every numeric column but the label by default: y, x1, x0, in the table's order
        SweepRecord table = ran(sweep("lin-table", "{table: {path: rows.parquet, label: v, features: [x0, x1, y]}}",
                "{kind: linear}", "{}", "local[2]"), "lin-table");
        SweepRecord byDefault = ran(sweep("lin-default", "{table: {path: rows.parquet, label: v}}", "{kind: linear}",
                "{}", "local[1]"), "lin-default");

        sameCells(table, csv, 1e-9);
        assertThat(table.theory().optimalLoss()).isCloseTo(csv.theory().optimalLoss(),
                within(1e-9 * csv.theory().optimalLoss()));
        assertThat(table.theory().lrCritical()).isCloseTo(csv.theory().lrCritical(), within(1e-12 * csv.theory().lrCritical()));
        assertThat(table.execution().parallelismReason()).contains("moments").contains("computed on the executors");
        assertThat(byDefault.dataset().featureNames()).containsExactly("y", "x1", "x0");
        assertThat(byDefault.theory().optimalLoss()).isCloseTo(csv.theory().optimalLoss(),
                within(1e-9 * csv.theory().optimalLoss()));
    }

    @Test
    void aBadTableIsRefusedInOneLineNamingTheColumnWithNothingWritten() throws IOException {
        assertRefused("missing", "{table: {path: rows.parquet, label: z}}", LOGISTIC,
                "data.table.label: no column 'z' in ", "(columns: note string, y int, x1 double, x0 double, v double)");
        assertRefused("text", "{table: {path: rows.parquet, label: y, features: [x0, note]}}", LOGISTIC,
                "data.table.features: column 'note' of ", "holds string values, not numbers");
        assertRefused("nulls", "{table: {path: nulls.parquet, label: y}}", LOGISTIC,
                "data.table: ", "column 'x1' has 8 rows with a null or non-finite value; drop or fill them");
        assertRefused("classes", "{table: {path: rows.parquet, label: v}}", LOGISTIC,
                "data.table.label: 400 rows of ", "have v other than 0 or 1", "model.kind logistic needs labels 0 or 1");
        assertRefused("nowhere", "{table: {path: no-such.parquet, label: y}}", LOGISTIC,
                "data.table.path: ", "no-such.parquet: no such file or directory");
        assertRefused("format", "{table: {path: rows.parquet, label: y, format: avro}}", LOGISTIC,
                "data.table.format");
        // a JSON key may hold a line break: the message stays on one line
        Files.writeString(dir.resolve("broken-name.json"), "{\"x\\n0\": 1.5, \"y\": 0}\n{\"x\\n0\": 2.5, \"y\": 1}\n");
        assertRefused("broken-name", "{table: {path: broken-name.json, format: json, label: z}}", LOGISTIC,
                "data.table.label: no column 'z' in ", "(columns: x\\u000a0 double, y bigint)");
    }

    /**
     * A table is read wherever Spark reads it: under folders whose names hold a space, {@code %} or {@code #}
     * (which Spark's file names percent-encode), and through a glob.
     */
    @Test
    void aTableUnderAFolderNamedWithASpacePercentOrHashOrThroughAGlobIsRead() throws IOException {
        String linear = "{kind: linear}";
        SweepRecord plain = ran(sweep("odd-plain", "{table: {path: rows.parquet, label: v}}", linear, "{}",
                "local[1]"), "odd-plain");
        for (String folder : List.of("dir with space", "100%", "a#b", "x%20y")) {
            copyFolder(dir.resolve("rows.parquet"), dir.resolve("odd").resolve(folder).resolve("rows.parquet"));
        }
        List<String> paths = List.of("odd/dir with space/rows.parquet", "odd/100%/rows.parquet", "odd/a#b/rows.parquet",
                "odd/x%20y/rows.parquet", "rows.parquet/part-*.parquet", "odd/a#b/rows.parquet/*",
                "file:" + dir.resolve("odd/dir with space") + "/r?ws.parquet");
        for (int i = 0; i < paths.size(); i++) {
            String name = "odd-" + i;
            SweepRecord read = ran(sweep(name, "{table: {path: \"" + paths.get(i) + "\", label: v}}", linear, "{}",
                    "local[1]"), name);
            assertThat(read.dataset().rows()).as(paths.get(i)).isEqualTo(ROWS);
            sameCells(read, plain, 1e-12);
        }
    }

    /**
     * A path Spark cannot read as a table of the given format is refused in one line naming it and the
     * problem, before anything is written: and quickly, even from a server that takes connections but never
     * answers (Hadoop's defaults would wait for minutes).
     */
    @Test
    void aTableSparkCannotReadIsRefusedInOneLineNamingThePathAndTheProblem() throws IOException {
        Files.createDirectories(dir.resolve("empty.parquet"));
        copyFolder(dir.resolve("rows.parquet"), dir.resolve("mixed.parquet"));
        Files.copy(dir.resolve("rows.csv"), dir.resolve("mixed.parquet/more.csv"));
        Files.writeString(dir.resolve("mixed.parquet/notes.txt"), "rows from the generator\n");
        assertRefused("empty", "{table: {path: empty.parquet, label: y}}", LOGISTIC, "data.table.path: ",
                "empty.parquet: no data files");
        assertRefused("parquet-as-orc", "{table: {path: rows.parquet, label: y, format: orc}}", LOGISTIC,
                "data.table.path: ", "rows.parquet/part-", ".parquet is not an ORC file");
        assertRefused("csv-as-parquet", "{table: {path: rows.csv, label: y}}", LOGISTIC,
                "data.table.path: ", "rows.csv is not a Parquet file");
        assertRefused("mixed", "{table: {path: mixed.parquet, label: y}}", LOGISTIC,
                "data.table.path: ", "mixed.parquet/more.csv is not a Parquet file (nor are 1 more of its 5 files)");
        assertRefused("s3", "{table: {path: s3a://bucket/rows.parquet, label: y}}", LOGISTIC,
                "data.table.path: s3a://bucket/rows.parquet: no file system for s3a://", "hadoop-aws");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertRefused("hdfs-closed", "{table: {path: 'hdfs://127.0.0.1:" + closedPort + "/rows.parquet', label: y}}",
                LOGISTIC, "data.table.path: hdfs://127.0.0.1:" + closedPort + "/rows.parquet: cannot list it: 127.0.0.1:"
                        + closedPort + " refused the connection");
        assertRefused("hdfs-unknown", "{table: {path: 'hdfs://no-such-host.invalid:8020/rows.parquet', label: y}}",
                LOGISTIC, "data.table.path: hdfs://no-such-host.invalid:8020/rows.parquet: cannot list it: no host is "
                        + "known by the name in no-such-host.invalid:8020");
        // the kernel accepts the connection into the socket's backlog; no one ever answers
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();
            assertRefused("hdfs-silent", "{table: {path: 'hdfs://127.0.0.1:" + silent.getLocalPort() + "/t', label: y}}",
                    LOGISTIC, "data.table.path: hdfs://127.0.0.1:" + silent.getLocalPort() + "/t: cannot list it: 127.0.0.1:"
                            + silent.getLocalPort() + " did not answer (the listing waits 5 s to connect, 10 s for an answer)");
            assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse").isLessThan(40);
        }
    }

    /** Values whose squares overflow are refused from a table as from a CSV file, naming the column. */
    @Test
    void aTableWhoseSquaresOverflowIsRefusedNamingTheColumnAsTheSameCsvFileIs() throws IOException {
        String overflow = "column 'x0' holds values up to ";
        String advice = "whose squares overflow double precision (the data's moments and the loss would be infinite)";
        assertRefused("huge-csv", "{csv: {path: huge.csv, label: y}}", LOGISTIC, "data.csv.path: ", overflow, advice);
        assertRefused("huge-table", "{table: {path: huge.parquet, label: y, features: [x0, x1]}}", LOGISTIC,
                "data.table.path: ", "huge.parquet: " + overflow, advice);
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private static void assertRefused(String name, String data, String model, String... parts) throws IOException {
        SweepCliTest.Run run = sweep(name, data, model, "{}", "local[1]");
        assertThat(run.exitCode()).as(name + ": " + run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        String error = run.err().strip();
        assertThat(error.lines().count()).as(error).isEqualTo(1);
        for (String part : parts) {
            assertThat(error).contains(part);
        }
        assertThat(dir.resolve(name)).doesNotExist();
    }
}
