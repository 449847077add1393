package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.CsvDataConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV dataset: a header row, then one example per line; the label column is named in the
 * config and every other column is a numeric feature. Any cell that is not a finite number is an
 * error naming the file, the line and the column.
 */
public final class CsvData {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
            .get();

    private CsvData() {
    }

    /** Reads the file named in the config, resolved against {@code baseDir} when relative. */
    public static LoadedData read(CsvDataConfig config, Path baseDir) {
        Path file = baseDir.resolve(config.path()).normalize();
        if (!Files.exists(file)) {
            throw new SweepInputException("data.csv.path: " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new SweepInputException("data.csv.path: " + file + ": not a regular file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = FORMAT.parse(reader)) {
            return parse(parser, file, config.label());
        } catch (AccessDeniedException e) {
            throw new SweepInputException("data.csv.path: " + file + ": cannot read (permission denied)");
        } catch (IOException | UncheckedIOException e) {
            throw new SweepInputException("data.csv.path: " + file + ": cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SweepInputException(file + ": " + e.getMessage());
        }
    }

    private static LoadedData parse(CSVParser parser, Path file, String label) throws IOException {
        List<String> header = parser.getHeaderNames();
        int labelIndex = header.indexOf(label);
        if (labelIndex < 0) {
            throw new SweepInputException("data.csv.label: column '" + label + "' not found in " + file
                    + " (columns: " + String.join(", ", header) + ")");
        }
        if (header.size() < 2) {
            throw new SweepInputException(file + ": has no feature columns besides the label '" + label + "'");
        }
        List<String> featureNames = new ArrayList<>(header);
        featureNames.remove(labelIndex);
        int d = featureNames.size();
        double[] x = new double[1024 * d];
        double[] y = new double[1024];
        int rows = 0;
        for (CSVRecord record : parser) {
            if (record.size() != header.size()) {
                throw new SweepInputException(file + " line " + parser.getCurrentLineNumber() + ": "
                        + record.size() + " cells, expected " + header.size());
            }
            if (rows == y.length) {
                x = Arrays.copyOf(x, 2 * x.length);
                y = Arrays.copyOf(y, 2 * y.length);
            }
            int feature = 0;
            for (int column = 0; column < header.size(); column++) {
                double value = number(record.get(column), file, parser.getCurrentLineNumber(), header.get(column));
                if (column == labelIndex) {
                    y[rows] = value;
                } else {
                    x[rows * d + feature++] = value;
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new SweepInputException(file + ": the dataset is empty (a header but no data rows)");
        }
        Dataset dataset = new Dataset(rows, d, Arrays.copyOf(x, rows * d), Arrays.copyOf(y, rows));
        DatasetSummary summary = new DatasetSummary(file.toString(), sha256(file), rows, featureNames, label,
                Columns.summarize(dataset, featureNames, label), null, null);
        return new LoadedData(dataset, summary);
    }

    private static double number(String cell, Path file, long line, String column) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new SweepInputException(file + " line " + line + ", column '" + column + "': '" + cell
                    + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new SweepInputException(file + " line " + line + ", column '" + column + "': '" + cell
                    + "' is not a finite number");
        }
        return value;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
