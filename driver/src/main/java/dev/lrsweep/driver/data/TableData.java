package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.TableDataConfig;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table read with Spark's DataFrameReader, checked and measured on the executors in one pass: its
 * columns (the label, numeric features), every value finite, the labels classes where the model needs
 * them, and the training rows' {@link Moments} (those a validation split does not hold out), from which
 * come the column statistics and, for a linear model, everything the fit needs. The rows themselves stay on the executors as {@link #slices} until a mode
 * that needs them on the driver collects them.
 *
 * @param summary  the table's description, its statistics computed on the executors
 * @param moments  the rows' moments
 * @param features the feature columns
 * @param table    the feature columns then the label, as doubles, for reading the slices from
 * @param split    the validation split, or null
 * @param heldOut  the moments of the rows the split holds out
 */
public record TableData(DatasetSummary summary, Moments moments, List<String> features,
                        org.apache.spark.sql.Dataset<Row> table, ValidationSplit split, Moments heldOut) {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    /**
     * Reads and checks the table.
     *
     * @param configDir  where a relative local path is resolved
     * @param model      the model fitted on the labels: values, classes 0 or 1, or classes to number
     *                   ({@link ClassLabels}; the label column may then hold text)
     * @param split      the validation split, or null
     * @throws SweepInputException for a path Spark cannot read (see {@link TableFiles}), a missing column, a
     *                             column that is not a number, nulls, non-finite values, values whose squares
     *                             overflow or labels that are not classes, naming the path or the column
     */
    public static TableData read(TableDataConfig config, Path configDir, JavaSparkContext spark, ModelSpec model,
                                 ValidationSplit split) {
        String path = resolve(config.path(), configDir);
        TableFiles files = TableFiles.list(path, config.format(), spark.hadoopConfiguration());
        SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
        DataFrameReader reader = session.read().format(config.format().label());
        if (config.format() == TableDataConfig.Format.CSV) {
            reader = reader.option("header", "true").option("inferSchema", "true");
        }
        org.apache.spark.sql.Dataset<Row> frame;
        try {
            frame = reader.load(path);
        } catch (Exception e) {
            // Spark's AnalysisException and SparkException are checked in Scala's sense, undeclared in Java's
            throw new SweepInputException("data.table.path: " + path + ": cannot read as " + config.format().label() + ": "
                    + firstLine(e), e);
        }
        return scan(frame, path, config.format(), Sha256.ofLines(files.listing()), config.label(), config.features(),
                model, split);
    }

    /**
     * Checks and measures a {@code Dataset<Row>} a Spark application gives, as a table read from files: its label
     * column, its feature columns (empty for every numeric column but the label) and their values.
     *
     * @throws SweepInputException as {@link #read} does, naming the Dataset
     */
    public static TableData given(org.apache.spark.sql.Dataset<Row> frame, String label, List<String> features,
                                  ModelSpec model, ValidationSplit split) {
        return scan(frame, GIVEN, null, null, label, features, model, split);
    }

    /** How messages and results.json name a Dataset a Spark application gives. */
    public static final String GIVEN = "the Dataset<Row> given";

    /**
     * The table's columns checked and its rows measured in one pass.
     *
     * @param path    the table's path, or how a given Dataset is named
     * @param format  its file format, or null for a given Dataset
     * @param listing the hash of its files' listing, or null for a given Dataset
     */
    private static TableData scan(org.apache.spark.sql.Dataset<Row> frame, String path, TableDataConfig.Format format,
                                  String listing, String label, List<String> featureColumns, ModelSpec model,
                                  ValidationSplit split) {
        StructType schema = frame.schema();
        List<String> named = featureColumns.isEmpty() ? defaultFeatures(schema, label) : featureColumns;
        if (named.isEmpty()) {
            throw new SweepInputException("data.table: " + path + " has no numeric or vector column beside the label '"
                    + label + "' (columns: " + describe(schema) + ")");
        }
        boolean classes = model.labels() == ModelSpec.Labels.CLASSES;
        checkNumeric(schema, label, "data.table.label", path, classes);
        // each scalar column is one feature; a column of vectors or arrays is as many as its rows' length
        List<String> features = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (String name : named) {
            Column values = vectorValues(schema, name);
            if (values == null) {
                checkNumeric(schema, name, "data.table.features", path, false);
                features.add(name);
                columns.add(functions.col(quoted(name)).cast("double"));
                continue;
            }
            int length = vectorLength(frame, name, values, path, format);
            for (int j = 0; j < length; j++) {
                features.add(name + "[" + j + "]");
                columns.add(values.getItem(j).cast("double"));
            }
        }
        ClassLabels numbered = classes ? classes(frame, label, format, path) : null;
        columns.add(numbered != null ? numbered(functions.col(quoted(label)), numbered)
                : functions.col(quoted(label)).cast("double"));
        org.apache.spark.sql.Dataset<Row> table = frame.select(columns.toArray(Column[]::new));
        int d = features.size();
        TableScan scan;
        try {
            scan = table.javaRDD().treeAggregate(new TableScan(d, model.labels() == ModelSpec.Labels.BINARY, split),
                    TableScan::add,
                    TableScan::merge);
        } catch (Exception e) {
            SweepInputException unreadable = unreadable(e, path, format);
            if (unreadable != null) {
                throw unreadable;
            }
            throw e;
        }
        List<String> bad = new ArrayList<>();
        for (int j = 0; j <= d; j++) {
            if (scan.bad(j) > 0) {
                bad.add("column '" + shown(j < d ? features.get(j) : label) + "' has " + scan.bad(j)
                        + " rows with a null or non-finite value");
            }
        }
        Moments moments = scan.moments();
        if (!bad.isEmpty()) {
            throw new SweepInputException("data.table: " + path + ": " + String.join(", ", bad)
                    + "; drop or fill them before the sweep");
        }
        for (int j = 0; j <= d; j++) {
            Columns.checkSquares("data.table.path: " + path, shown(j < d ? features.get(j) : label),
                    scan.sumOfSquares(j), scan.largestMagnitude(j));
        }
        long heldOut = scan.heldOut().count();
        if (moments.count() + heldOut == 0) {
            throw new SweepInputException("data.table.path: " + path + " holds no rows");
        }
        if (split != null) {
            split.checkSides(moments.count(), heldOut, moments.count() + heldOut);
        }
        if (moments.count() > Integer.MAX_VALUE) {
            throw new SweepInputException("data.table.path: " + path + " holds " + moments.count() + " rows, more "
                    + "than a sweep counts (" + Integer.MAX_VALUE + ")");
        }
        if (scan.notClasses() > 0) {
            throw new SweepInputException("data.table.label: " + scan.notClasses() + " rows of " + path + " have "
                    + label + " other than 0 or 1 (the first: " + scan.firstNotClass() + "), but "
                    + LoadedData.binaryModel(model) + " needs labels 0 or 1");
        }
        List<DatasetSummary.ColumnSummary> statistics = new ArrayList<>();
        for (int j = 0; j <= d; j++) {
            statistics.add(DatasetSummary.ColumnSummary.of(j < d ? features.get(j) : label, moments, j));
        }
        DatasetSummary summary = new DatasetSummary(path, listing, (int) moments.count(),
                List.copyOf(features), label, statistics, null, null,
                numbered == null ? null : numbered.names());
        return new TableData(summary, moments, List.copyOf(features), table, split, scan.heldOut());
    }

    /**
     * The training rows, or the held-out ones, as slices of at most {@code sliceRows} rows each, read from
     * the table partition by partition (no slice spans two partitions).
     */
    public JavaRDD<Dataset> slices(int sliceRows, boolean heldOut) {
        int d = features.size();
        ValidationSplit rowSplit = split;
        return table.javaRDD().mapPartitions(rows -> new Slicer(rows, d, sliceRows, rowSplit, heldOut));
    }

    /** The training rows, or the held-out ones, on the driver, in the table's order. */
    public Dataset collect(int sliceRows, boolean heldOut) {
        List<Dataset> parts = slices(sliceRows, heldOut).collect();
        int d = features.size();
        int n = parts.stream().mapToInt(Dataset::rows).sum();
        double[] x = new double[n * d];
        double[] y = new double[n];
        int at = 0;
        for (Dataset part : parts) {
            System.arraycopy(part.x(), 0, x, at * d, part.rows() * d);
            System.arraycopy(part.y(), 0, y, at, part.rows());
            at += part.rows();
        }
        return new Dataset(n, d, x, y);
    }

    /** Cuts a partition's rows of one side of the split into slices. */
    private static final class Slicer implements Iterator<Dataset> {
        private final Iterator<Row> rows;
        private final int features;
        private final int sliceRows;
        private final ValidationSplit split;
        private final boolean heldOut;
        private double[] pending;

        Slicer(Iterator<Row> rows, int features, int sliceRows, ValidationSplit split, boolean heldOut) {
            this.rows = rows;
            this.features = features;
            this.sliceRows = sliceRows;
            this.split = split;
            this.heldOut = heldOut;
        }

        @Override
        public boolean hasNext() {
            while (pending == null && rows.hasNext()) {
                Row row = rows.next();
                double[] values = new double[features + 1];
                for (int j = 0; j <= features; j++) {
                    values[j] = row.getDouble(j);
                }
                if (split == null ? !heldOut : split.holdsOut(values) == heldOut) {
                    pending = values;
                }
            }
            return pending != null;
        }

        @Override
        public Dataset next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            double[] x = new double[sliceRows * features];
            double[] y = new double[sliceRows];
            int n = 0;
            while (n < sliceRows && hasNext()) {
                System.arraycopy(pending, 0, x, n * features, features);
                y[n++] = pending[features];
                pending = null;
            }
            return new Dataset(n, features, Arrays.copyOf(x, n * features), Arrays.copyOf(y, n));
        }
    }

    private static String resolve(String path, Path configDir) {
        if (SCHEME.matcher(path).matches()) {
            return path;
        }
        return configDir.resolve(path).toAbsolutePath().normalize().toString();
    }

    /** Every numeric column but the label; where there is none, the one column of vectors or arrays there is. */
    private static List<String> defaultFeatures(StructType schema, String label) {
        List<String> numeric = Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof NumericType)
                .map(StructField::name).filter(name -> !name.equals(label)).toList();
        List<String> vectors = Arrays.stream(schema.fields()).map(StructField::name)
                .filter(name -> !name.equals(label) && vectorValues(schema, name) != null).toList();
        return !numeric.isEmpty() || vectors.size() != 1 ? numeric : vectors;
    }

    /**
     * A column of Spark ML vectors (dense or sparse, as {@code VectorAssembler} writes them) or of arrays of
     * numbers, as an array of doubles; null for any other column.
     */
    private static Column vectorValues(StructType schema, String name) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst().orElse(null);
        if (field == null) {
            return null;
        }
        if (field.dataType() instanceof VectorUDT) {
            return org.apache.spark.ml.functions.vector_to_array(functions.col(quoted(name)), "float64");
        }
        return field.dataType() instanceof ArrayType array && array.elementType() instanceof NumericType
                ? functions.col(quoted(name)) : null;
    }

    /**
     * The length of every row's vector in the column: the first row's, checked on every row (one Spark job).
     *
     * @throws SweepInputException where some rows hold another length, naming how many
     */
    private static int vectorLength(org.apache.spark.sql.Dataset<Row> frame, String name, Column values, String path,
                                    TableDataConfig.Format format) {
        try {
            Column size = functions.size(values);
            Row first = frame.select(size).where(functions.col(quoted(name)).isNotNull()).first();
            int length = first.getInt(0);
            long other = frame.where(functions.col(quoted(name)).isNotNull().and(size.notEqual(length))).count();
            if (other > 0) {
                throw new SweepInputException("data.table.features: column '" + shown(name) + "' of " + path
                        + " holds vectors of " + length + " values in its first row, and " + other + " row"
                        + (other == 1 ? " holds" : "s hold") + " another length (every row's vector needs the same)");
            }
            if (length == 0) {
                throw new SweepInputException("data.table.features: column '" + shown(name) + "' of " + path
                        + " holds empty vectors");
            }
            return length;
        } catch (NoSuchElementException e) {
            throw new SweepInputException("data.table.features: column '" + shown(name) + "' of " + path
                    + " holds no vector (every row null, or no rows)");
        } catch (SweepInputException e) {
            throw e;
        } catch (Exception e) {
            SweepInputException unreadable = unreadable(e, path, format);
            if (unreadable != null) {
                throw unreadable;
            }
            throw e;
        }
    }

    /** The distinct labels of the column, numbered as classes: one Spark job, which stops past the most classes. */
    private static ClassLabels classes(org.apache.spark.sql.Dataset<Row> frame, String label,
                                       TableDataConfig.Format format, String path) {
        List<Row> distinct;
        try {
            distinct = frame.select(functions.col(quoted(label)).cast("string")).where(functions.col(quoted(label))
                    .isNotNull()).distinct().limit(ModelSpec.MAX_CLASSES + 1).collectAsList();
        } catch (Exception e) {
            SweepInputException unreadable = unreadable(e, path, format);
            if (unreadable != null) {
                throw unreadable;
            }
            throw e;
        }
        ClassLabels.checkCount(distinct.size(), "data.table.label", path);
        return ClassLabels.of(distinct.stream().map(row -> row.getString(0)).toList(), "data.table.label", path);
    }

    /** The label column as its class numbers: each label's text looked up in a map of the classes. */
    private static Column numbered(Column label, ClassLabels classes) {
        List<Column> entries = new ArrayList<>();
        // the map is keyed by the labels as met: their text as the distinct query cast them
        List<String> met = classes.metLabels();
        for (int i = 0; i < met.size(); i++) {
            entries.add(functions.lit(met.get(i)));
            entries.add(functions.lit((double) classes.numbering()[i]));
        }
        return functions.element_at(functions.map(entries.toArray(Column[]::new)), label.cast("string"));
    }

    private static void checkNumeric(StructType schema, String column, String key, String path, boolean orText) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(column)).findFirst()
                .orElseThrow(() -> new SweepInputException(key + ": no column '" + column + "' in " + path
                        + " (columns: " + describe(schema) + ")"));
        if (field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
                || field.dataType() instanceof MapType) {
            throw new SweepInputException(key + ": column '" + column + "' of " + path + " is nested ("
                    + field.dataType().simpleString() + "), not a number");
        }
        if (!(field.dataType() instanceof NumericType) && !(orText && field.dataType() instanceof StringType)) {
            throw new SweepInputException(key + ": column '" + column + "' of " + path + " holds "
                    + field.dataType().simpleString() + " values, not numbers" + (orText ? " or text" : ""));
        }
    }

    private static String describe(StructType schema) {
        return String.join(", ", Arrays.stream(schema.fields())
                .map(f -> shown(f.name()) + " " + f.dataType().simpleString()).toList());
    }

    /**
     * A column name as a one-line message shows it: a file's header may hold line breaks or other control
     * characters (a JSON key, a binary file read as text), written as Java escapes.
     */
    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? "\\u%04x".formatted(c)
                : Character.toString(c)));
        return shown.toString();
    }

    /** A column name as Spark's {@code col} reads it: in backticks, so that dots and spaces are literal. */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * A failure of the pass over the rows as the table's error, if a file Spark could not read caused it
     * (the files' magic bytes were checked before, so a damaged file); else null: the failure is not the input's.
     */
    private static SweepInputException unreadable(Exception failure, String path, TableDataConfig.Format format) {
        if (format == null) {
            return null;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkThrowable read && read.getCondition() != null
                    && read.getCondition().startsWith("FAILED_READ_FILE")) {
                return new SweepInputException("data.table.path: " + path + ": cannot read as " + format.label() + ": "
                        + firstLine(cause), failure);
            }
        }
        return null;
    }

    /** The first line of the error's message, else of its root cause's, else the root cause's kind. */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
