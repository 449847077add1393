package dev.lrsweep.driver.api;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.CellTable;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.sweep.SweepRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A finished sweep: its cells and curves as Spark tables of the session it ran on, its series (each with its limit,
 * measured edge of stability and suggestions), its theory, and the out dir {@code bin/sweep run} writes, on request.
 */
public final class SweepResult {
    private final SparkSession session;
    private final SweepRecord record;

    SweepResult(SparkSession session, SweepRecord record) {
        this.session = session;
        this.record = record;
    }

    /** The cells, one row per grid cell, with results.csv's columns (a missing value is null). */
    public Dataset<Row> cells() {
        return table(CellTable.cellColumns(record), record.rows());
    }

    /** Every recorded step of every run: optimizer, batch_size, seed, learning_rate, step, loss. */
    public Dataset<Row> curves() {
        return table(CellTable.CURVE_COLUMNS, CellTable.curvePoints(record));
    }

    /** Each series (optimizer, batch size, seed): its stability limit, measured edge and suggestions, in grid order. */
    public List<SeriesResult> series() {
        return record.series();
    }

    /** Each series' suggestions (best rate per step count, the largest safe rate, the verdicts), in grid order. */
    public List<Suggestions> suggestions() {
        return record.series().stream().map(SeriesResult::suggestions).toList();
    }

    /** What theory knows of the data and model: the optimum, the loss floor, lr_critical, where known. */
    public Theory theory() {
        return record.theory();
    }

    /** The cells as typed values. */
    public List<CellResult> cellResults() {
        return record.rows();
    }

    /** Everything results.json holds. */
    public SweepRecord record() {
        return record;
    }

    /**
     * Writes the out dir {@code bin/sweep run} writes: results.csv, results.json, results.parquet, curves.parquet,
     * report.html and its plots.
     *
     * @throws dev.lrsweep.driver.config.SweepInputException where {@code dir} already holds results
     */
    public void writeTo(Path dir) {
        writeTo(dir, false);
    }

    /** Writes the out dir, replacing results it holds where {@code overwrite}. */
    public void writeTo(Path dir, boolean overwrite) {
        try {
            SweepRunner.write(record, dir, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    private <R> Dataset<Row> table(List<CellTable.Column<R>> columns, List<R> rows) {
        List<StructField> fields = new ArrayList<>();
        for (CellTable.Column<R> column : columns) {
            fields.add(DataTypes.createStructField(column.name(), sparkType(column.type()), true));
        }
        List<Row> values = new ArrayList<>();
        for (R row : rows) {
            values.add(RowFactory.create(columns.stream().map(column -> column.value().apply(row)).toArray()));
        }
        return session.createDataFrame(values, new StructType(fields.toArray(StructField[]::new)));
    }

    private static DataType sparkType(CellTable.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case DOUBLE -> DataTypes.DoubleType;
            case LONG -> DataTypes.LongType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
