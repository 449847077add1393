package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.ConfigDefaults;
import dev.lrsweep.driver.config.CsvDataConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.TextFiles;
import dev.lrsweep.worker.Dataset;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Checks, as a file is read, that the rows read so far (and those room is being made for) can fit. */
    @FunctionalInterface
    public interface SizeCheck {
        /**
         * @throws dev.lrsweep.driver.config.SweepInputException if {@code rows} rows of {@code features}
         *         features cannot fit
         */
        void check(long rows, int features);
    }

    /**
     * Reads the file named in the config, resolved against {@code baseDir} when relative.
     *
     * @param size    called before the reader makes room for more rows
     * @param classes whether the labels are classes to number ({@link ClassLabels}), text or integers, rather
     *                than numbers taken as they are
     */
    public static LoadedData read(CsvDataConfig config, Path baseDir, SizeCheck size, boolean classes) {
        Path file = baseDir.resolve(config.path()).normalize();
        if (!Files.exists(file)) {
            throw new SweepInputException("data.csv.path: " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new SweepInputException("data.csv.path: " + file + ": not a regular file");
        }
        try (Reader reader = TextFiles.open(file);
             CSVParser parser = FORMAT.parse(reader)) {
            return parse(parser, file, config.label(), size, classes);
        } catch (CharacterCodingException e) {
            throw new SweepInputException("data.csv.path: " + file + ": " + TextFiles.ENCODING_ADVICE);
        } catch (AccessDeniedException e) {
            throw new SweepInputException("data.csv.path: " + file + ": cannot read (permission denied)");
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof CharacterCodingException
                    ? new SweepInputException("data.csv.path: " + file + ": " + TextFiles.ENCODING_ADVICE)
                    : new SweepInputException(file + ": not valid CSV: " + e.getCause().getMessage());
        } catch (IOException e) {
            throw new SweepInputException("data.csv.path: " + file + ": cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SweepInputException(file + ": " + e.getMessage());
        }
    }

    private static LoadedData parse(CSVParser parser, Path file, String label, SizeCheck size, boolean classes)
            throws IOException {
        List<String> header = parser.getHeaderNames();
        if (header.isEmpty()) {
            throw new SweepInputException("data.csv.path: " + file + ": the file is empty (a CSV dataset needs a header "
                    + "row naming its columns, then one row per example)");
        }
        checkHeader(header, file);
        int labelIndex = header.indexOf(label);
        if (header.size() == 1 && header.get(0).matches(".*[;\t|].*")) {
            char separator = header.get(0).replaceAll("[^;\t|]", "").charAt(0);
            throw new SweepInputException("data.csv.path: " + file + ": the header is one column, '" + header.get(0)
                    + "': the file looks separated by " + (separator == '\t' ? "tabs" : "'" + separator + "'")
                    + ", not commas (save it as comma-separated CSV)");
        }
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
        // the distinct labels as met, numbered in that order until the numbering of ClassLabels replaces it
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (CSVRecord record : parser) {
            if (record.size() != header.size()) {
                throw new SweepInputException(file + " line " + parser.getCurrentLineNumber() + ": "
                        + record.size() + " cells, expected " + header.size());
            }
            if (rows == y.length) {
                long room = 2L * y.length;
                if (room * header.size() > ConfigDefaults.MAX_VALUES) {
                    room = Math.max(rows + 1L, ConfigDefaults.MAX_VALUES / header.size());
                    if (room * header.size() > ConfigDefaults.MAX_VALUES) {
                        throw new SweepInputException("data.csv.path: " + file + ": more than " + rows + " rows × "
                                + header.size() + " columns, beyond the " + ConfigDefaults.MAX_VALUES + " values one dataset can hold");
                    }
                }
                size.check(room, d);
                x = Arrays.copyOf(x, (int) (room * d));
                y = Arrays.copyOf(y, (int) room);
            }
            int feature = 0;
            for (int column = 0; column < header.size(); column++) {
                if (column == labelIndex && classes) {
                    y[rows] = seen.computeIfAbsent(classLabel(record.get(column), file, parser.getCurrentLineNumber(),
                            label), text -> seen.size());
                    ClassLabels.checkCount(seen.size(), "data.csv.label", file.toString());
                    continue;
                }
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
        List<String> classNames = null;
        if (classes) {
            ClassLabels numbered = ClassLabels.of(List.copyOf(seen.keySet()), "data.csv.label", file.toString());
            for (int i = 0; i < rows; i++) {
                y[i] = numbered.numbering()[(int) y[i]];
            }
            classNames = numbered.names();
        }
        Dataset dataset = new Dataset(rows, d, Arrays.copyOf(x, rows * d), Arrays.copyOf(y, rows));
        DatasetSummary summary = new DatasetSummary(file.toString(), Sha256.ofFile(file), rows, featureNames, label,
                Columns.summarize(dataset, featureNames, label, "data.csv.path: " + file), null, null, classNames);
        return new LoadedData(dataset, summary);
    }

    /** Refuses a header with an unnamed column or a name given twice (the second would be read as a feature). */
    private static void checkHeader(List<String> header, Path file) {
        Set<String> seen = new HashSet<>();
        for (int column = 0; column < header.size(); column++) {
            String name = header.get(column);
            if (name == null || name.isBlank()) {
                throw new SweepInputException(file + ": column " + (column + 1) + " of the header has no name");
            }
            if (name.indexOf('\u0000') >= 0) {
                throw new SweepInputException("data.csv.path: " + file + ": " + TextFiles.ENCODING_ADVICE
                        + "; it looks like UTF-16 without a byte-order mark");
            }
            if (!seen.add(name)) {
                throw new SweepInputException(file + ": the header names column '" + name + "' twice (columns: "
                        + String.join(", ", header) + ")");
            }
        }
    }

    private static String classLabel(String cell, Path file, long line, String column) {
        if (cell.isEmpty()) {
            throw new SweepInputException(file + " line " + line + ", column '" + column + "': empty, not a class");
        }
        return cell;
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
}
