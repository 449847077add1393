package dev.lrsweep.driver.output;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.descent.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The sweep's output files in its out dir: {@code results.csv} (one row per grid cell), {@code results.json} (the
 * rows, the loss curves and the provenance), and the cells and curves as Parquet tables ({@link CellTable}). They are
 * written atomically, together.
 */
public final class ResultFiles {
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
    /** The cells, results.csv's columns, as a Parquet table. */
    public static final String CELLS_PARQUET = "results.parquet";
    /** Every recorded step of every run (series, rate, step, loss) as a Parquet table. */
    public static final String CURVES_PARQUET = "curves.parquet";
    /** What {@code bin/sweep find} writes: the range tests, and their steps one row each. */
    public static final String RANGE_TEST_JSON = "range-test.json";
    public static final String RANGE_TEST_CSV = "range-test.csv";

    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(TrialStatus.class, StatusAsLabel.class)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** A fit's status in results.json is its label ({@code ok}, {@code diverged}, {@code failed}), as in results.csv. */
    private abstract static class StatusAsLabel {
        @JsonValue
        abstract String label();
    }

    private ResultFiles() {
    }

    /**
     * Refuses an out dir that already holds results, unless {@code overwrite}; call before any work.
     *
     * @throws SweepInputException if the out dir holds results and overwrite is off, or is not a directory
     */
    public static void checkWritable(Path dir, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SweepInputException("output.dir: " + dir + " exists and is not a directory");
        }
        if (!overwrite && holdsResults(dir)) {
            throw new SweepInputException("output.dir: " + dir + " already holds results (use --overwrite to replace them)");
        }
    }

    /** Whether the out dir holds a sweep's result files. */
    public static boolean holdsResults(Path dir) {
        return Files.exists(dir.resolve(CSV)) || Files.exists(dir.resolve(JSON));
    }

    /**
     * Writes results.csv, results.json, results.parquet and curves.parquet, creating the directory if needed: all
     * of them, or none.
     */
    public static void write(Path dir, SweepRecord record) throws IOException {
        Files.createDirectories(dir);
        List<CellTable.Column<CellResult>> columns = CellTable.cellColumns(record);
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        files.put(dir.resolve(CSV), AtomicFile.text(writer -> {
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader(columns.stream().map(CellTable.Column::name).toArray(String[]::new)).get())) {
                for (CellResult row : record.rows()) {
                    csv.printRecord(csvRow(columns, row));
                }
            }
        }));
        files.put(dir.resolve(JSON), AtomicFile.text(writer -> JSON_MAPPER.writeValue(writer, record)));
        files.put(dir.resolve(CELLS_PARQUET), out -> ParquetTable.write(out, "cells", columns, record.rows()));
        files.put(dir.resolve(CURVES_PARQUET), out -> ParquetTable.write(out, "curves", CellTable.CURVE_COLUMNS,
                CellTable.curvePoints(record)));
        AtomicFile.writeAll(files);
    }

    /**
     * Writes the range test's files, creating the directory if needed; {@code range-test.csv} holds one row per
     * step of each run: optimizer, batch size ({@code full} or rows), step, rate, loss, smoothed loss.
     */
    public static void writeRangeTest(Path dir, RangeTestRecord record) throws IOException {
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(RANGE_TEST_CSV), AtomicFile.text(writer -> {
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader("optimizer", "batch_size", "step", "learning_rate", "loss", "smoothed_loss").get())) {
                for (RangeTestResult run : record.rangeTest().runs()) {
                    for (int step = 0; step < run.rates().length; step++) {
                        csv.printRecord(run.optimizer(), run.batchSize() == null ? "full" : run.batchSize(), step,
                                run.rates()[step], run.losses()[step], run.smoothed()[step]);
                    }
                }
            }
        }));
        AtomicFile.write(dir.resolve(RANGE_TEST_JSON), AtomicFile.text(writer -> JSON_MAPPER.writeValue(writer, record)));
    }

    /** Reads {@code results.json} back. */
    public static SweepRecord read(Path dir) throws IOException {
        return JSON_MAPPER.readValue(dir.resolve(JSON).toFile(), SweepRecord.class);
    }

    /** The cells in results.csv's form: each value as CSV prints it, a missing one empty. */
    private static List<Object> csvRow(List<CellTable.Column<CellResult>> columns, CellResult row) {
        List<Object> cells = new ArrayList<>();
        for (CellTable.Column<CellResult> column : columns) {
            Object value = column.value().apply(row);
            cells.add(value == null ? "" : value);
        }
        return cells;
    }
}
