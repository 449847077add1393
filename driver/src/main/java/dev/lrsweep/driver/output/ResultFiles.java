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
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The sweep's output files in its out dir: {@code results.csv} (one row per grid cell) and
 * {@code results.json} (the rows, the loss curves and the provenance). Each is written atomically.
 */
public final class ResultFiles {
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
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

    /** Writes both files, creating the directory if needed. */
    public static void write(Path dir, SweepRecord record) throws IOException {
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(CSV), writer -> {
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader(header(record)).get())) {
                for (CellResult row : record.rows()) {
                    csv.printRecord(csvRow(record, row));
                }
            }
        });
        AtomicFile.write(dir.resolve(JSON), writer -> JSON_MAPPER.writeValue(writer, record));
    }

    /**
     * Writes the range test's files, creating the directory if needed; {@code range-test.csv} holds one row per
     * step of each run: optimizer, batch size ({@code full} or rows), step, rate, loss, smoothed loss.
     */
    public static void writeRangeTest(Path dir, RangeTestRecord record) throws IOException {
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(RANGE_TEST_CSV), writer -> {
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader("optimizer", "batch_size", "step", "learning_rate", "loss", "smoothed_loss").get())) {
                for (RangeTestResult run : record.rangeTest().runs()) {
                    for (int step = 0; step < run.rates().length; step++) {
                        csv.printRecord(run.optimizer(), run.batchSize() == null ? "full" : run.batchSize(), step,
                                run.rates()[step], run.losses()[step], run.smoothed()[step]);
                    }
                }
            }
        });
        AtomicFile.write(dir.resolve(RANGE_TEST_JSON), writer -> JSON_MAPPER.writeValue(writer, record));
    }

    /** Reads {@code results.json} back. */
    public static SweepRecord read(Path dir) throws IOException {
        return JSON_MAPPER.readValue(dir.resolve(JSON).toFile(), SweepRecord.class);
    }

    /**
     * The columns of results.csv: the cell (its series: optimizer, batch size or {@code full}, and seed, empty for
     * a full batch; its rate and step count), its loss, where its rate ran a sensitivity twin the twin's relative
     * loss difference and whether that makes it chaotic (empty where none ran), for a classifier its accuracy, for a network its
     * sharpness, with held-out rows its loss (and accuracy) on them, where the exact optimum is known the
     * parameters' relative distance from it, the parameters if there are at most {@value SweepRecord#TABLE_PARAMETERS},
     * a spike above the start loss (its step and peak) and an unstable run's loss range, and how it ended.
     */
    private static String[] header(SweepRecord record) {
        List<String> header = new ArrayList<>(List.of("optimizer", "batch_size", "seed", "learning_rate", "steps",
                "status", "regime", "final_loss", "excess_loss", "sensitivity", "chaotic"));
        if (record.classifies()) {
            header.add("accuracy");
        }
        if (record.measuresSharpness()) {
            header.add("sharpness");
        }
        if (record.validation() != null) {
            header.add("validation_loss");
            if (record.classifies()) {
                header.add("validation_accuracy");
            }
        }
        if (record.knowsOptimum()) {
            header.add("parameter_distance");
        }
        header.addAll(record.parameterColumns());
        if (record.standardization() != null) {
            record.parameterColumns().forEach(name -> header.add(name + "_original"));
        }
        header.addAll(List.of("spike_at_step", "spike_loss", "unstable_loss_min", "unstable_loss_max"));
        header.add("diverged_at_step");
        header.add("diverged_because");
        header.add("message");
        return header.toArray(String[]::new);
    }

    private static List<Object> csvRow(SweepRecord record, CellResult row) {
        boolean failed = row.status() == TrialStatus.FAILED;
        List<Object> cells = new ArrayList<>();
        cells.add(row.optimizer());
        cells.add(row.batchSize() == null ? "full" : row.batchSize());
        cells.add(row.seed() == null ? "" : row.seed());
        cells.add(row.learningRate());
        cells.add(row.steps());
        cells.add(row.status().label());
        cells.add(row.regime().label());
        cells.add(failed ? "" : row.finalLoss());
        cells.add(failed ? "" : row.excessLoss());
        boolean measured = !Double.isNaN(row.sensitivity());
        cells.add(measured ? row.sensitivity() : "");
        cells.add(measured ? row.chaotic() : "");
        if (record.classifies()) {
            cells.add(Double.isNaN(row.accuracy()) ? "" : row.accuracy());
        }
        if (record.measuresSharpness()) {
            cells.add(Double.isNaN(row.sharpness()) ? "" : row.sharpness());
        }
        if (record.validation() != null) {
            cells.add(Double.isNaN(row.validationLoss()) ? "" : row.validationLoss());
            if (record.classifies()) {
                cells.add(Double.isNaN(row.validationAccuracy()) ? "" : row.validationAccuracy());
            }
        }
        if (record.knowsOptimum()) {
            cells.add(Double.isNaN(row.parameterDistance()) ? "" : row.parameterDistance());
        }
        if (!record.parameterColumns().isEmpty()) {
            for (double value : row.parameters()) {
                cells.add(failed ? "" : value);
            }
            if (record.standardization() != null) {
                for (double value : row.parametersOriginal()) {
                    cells.add(failed ? "" : value);
                }
            }
        }
        cells.add(row.spike() == null ? "" : row.spike().step());
        cells.add(row.spike() == null ? "" : row.spike().peakLoss());
        cells.add(row.unstableRange() == null ? "" : row.unstableRange().min());
        cells.add(row.unstableRange() == null ? "" : row.unstableRange().max());
        cells.add(row.divergedAtStep() == null ? "" : row.divergedAtStep());
        cells.add(row.divergedBecause() == null ? "" : row.divergedBecause().label());
        cells.add(row.message() == null ? "" : row.message());
        return cells;
    }
}
