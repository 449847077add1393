package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.output.ResultFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many malformed configs, CSV files and tables, made by mutating valid ones with a seeded generator: each run
 * ends with exit 0 or 3 and complete files, or exit 2 with one line on stderr and nothing written;
 * never an internal error, a stack trace or a hang. Valid mutants run on real local Spark, so the
 * grids are tiny; the whole test is bounded by {@link #CASE_SECONDS} per case.
 */
class MalformedInputFuzzTest {
    private static final long SEED = 20261126L;
    private static final int CONFIG_CASES = 140;
    private static final int CSV_CASES = 110;
    private static final int CASE_SECONDS = 60;
    private static final String CONFIG = """
            name: fuzz
            data: {synthetic: {rows: 30, weights: [0.5, -1.0], bias: 0.2, noise: 0.1, seed: 4}}
            init: {weights: [0.0, 0.0], bias: 0.0}
            grid:
              learning_rates: {from: 0.01, to: 3, count: 3, scale: log}
              steps: [3, 12]
              rates_per_task: 2
            fit: {divergence_factor: 1.0e6, mode: batched}
            regimes: {converged_tolerance: 0.01, oscillation_window: 4, oscillation_share: 0.5}
            spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}
            """;
    private static final String CSV_CONFIG = """
            name: fuzz-csv
            data: {csv: {path: data.csv, label: y}}
            grid: {learning_rates: [0.01, 0.3, 4], steps: [3, 12]}
            spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}
            """;
    private static final String CSV = "x0,x1,y\n0.1,1.0,0.5\n-0.4,0.3,0.2\n0.9,-0.2,1.4\n0.5,0.5,0.9\n-1.0,0.1,-0.6\n";
    /** Values that replace a YAML scalar: wrong types, out of range, non-finite, empty, structure. */
    private static final String[] YAML_VALUES = {"-1", "0", "1.5", "1e308", "-1e308", ".nan", ".inf", "-.inf", "abc",
        "''", "null", "~", "[]", "{}", "[1, 2]", "{a: 1}", "2147483648", "99999999999999999999", "true", "0x10",
        "1e-320", "'local[0]'", "foo://x", "\"\\u0000\"", "*anchor", "&a 3", "!!binary AAAA", "[", "{", ":", "- x"};
    /** Cells that replace a CSV cell. */
    private static final String[] CSV_VALUES = {"", "abc", "NaN", "Infinity", "-Infinity", "1e200", "1e400", "0x1F",
        "1,5", "\"", "\"unterminated", " 2 ", "1e-320", "٣", "null", "--1", "1_000"};

    @TempDir
    Path dir;

    @Test
    void mutatedConfigsEndCleanlyOrWithOneLineAndNothingWritten() throws Exception {
        Random random = new Random(SEED);
        List<Failure> failures = new ArrayList<>();
        int[] outcomes = new int[4];
        for (int i = 0; i < CONFIG_CASES; i++) {
            String config = mutateYaml(CONFIG, random);
            Path file = Files.writeString(dir.resolve("config-" + i + ".yaml"), config);
            check("config " + i, file, dir.resolve("out-config-" + i), config, failures, outcomes);
        }
        assertThat(failures).isEmpty();
        assertMutantsBothRanAndWereRefused(outcomes, CONFIG_CASES);
    }

    @Test
    void mutatedCsvFilesEndCleanlyOrWithOneLineAndNothingWritten() throws Exception {
        Random random = new Random(SEED + 1);
        List<Failure> failures = new ArrayList<>();
        int[] outcomes = new int[4];
        for (int i = 0; i < CSV_CASES; i++) {
            Path caseDir = Files.createDirectories(dir.resolve("csv-" + i));
            byte[] csv = mutateCsv(random);
            Files.write(caseDir.resolve("data.csv"), csv);
            Path file = Files.writeString(caseDir.resolve("sweep.yaml"), CSV_CONFIG);
            check("csv " + i, file, caseDir.resolve("out"), new String(csv, StandardCharsets.ISO_8859_1), failures,
                    outcomes);
        }
        assertThat(failures).isEmpty();
        assertMutantsBothRanAndWereRefused(outcomes, CSV_CASES);
    }

    /** A case that broke a promise, with what it was given. */
    record Failure(String name, String input, int exitCode, String err) {
    }

    /** The mutations are worth something only if they make both kinds of case: some that run, some that are refused. */
    private static void assertMutantsBothRanAndWereRefused(int[] outcomes, int cases) {
        assertThat(outcomes[0] + outcomes[SweepCli.EXIT_FAILED_CELLS]).as("mutants that ran").isGreaterThan(cases / 10);
        assertThat(outcomes[SweepCli.EXIT_BAD_INPUT]).as("mutants refused").isGreaterThan(cases / 4);
    }

    private static void check(String name, Path config, Path out, String input, List<Failure> failures,
                              int[] outcomes) throws Exception {
        Run run = runBounded(config, out);
        if (run == null) {
            failures.add(new Failure(name, input, -1, "did not end within " + CASE_SECONDS + " s"));
            return;
        }
        if (run.exitCode() >= 0 && run.exitCode() < outcomes.length) {
            outcomes[run.exitCode()]++;
        }
        boolean clean = (run.exitCode() == 0 || run.exitCode() == SweepCli.EXIT_FAILED_CELLS) && complete(out);
        boolean refused = run.exitCode() == SweepCli.EXIT_BAD_INPUT && run.err().lines().count() == 1
                && run.err().startsWith("sweep: ") && !Files.exists(out);
        boolean noTrace = !run.err().contains("\tat ") && !run.err().contains("Exception")
                && !run.err().contains("java.");
        if (!(clean || refused) || !noTrace) {
            failures.add(new Failure(name, input, run.exitCode(), run.err()));
        }
    }

    /** The run, or null if it did not end in time. */
    private static Run runBounded(Path config, Path out) throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Future<Run> run = single.submit(() -> sweep("run", "--config", config.toString(), "--out", out.toString()));
            return run.get(CASE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException hung) {
            return null;
        } finally {
            single.shutdownNow();
        }
    }

    private static boolean complete(Path out) throws IOException {
        return Files.isRegularFile(out.resolve(ResultFiles.CSV)) && Files.isRegularFile(out.resolve("report.html"))
                && !ResultFiles.read(out).rows().isEmpty();
    }

    /** One to three edits of the YAML text: a scalar replaced, a line dropped or doubled, the text cut, junk added. */
    static String mutateYaml(String yaml, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n")));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int line = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0, 1 -> lines.set(line, replaceScalar(lines.get(line), random));
                case 2 -> lines.remove(line);
                case 3 -> lines.add(line, lines.get(line));
                case 4 -> lines.set(line, lines.get(line).substring(0, random.nextInt(lines.get(line).length() + 1)));
                default -> lines.add(line, YAML_VALUES[random.nextInt(YAML_VALUES.length)]);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** Replaces one value after a colon or inside brackets with another from {@link #YAML_VALUES}. */
    private static String replaceScalar(String line, Random random) {
        List<int[]> spans = new ArrayList<>();
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("(?<=[:\\[,]\\s?)([^,\\[\\]{}:\\s][^,\\]}]*)")
                .matcher(line);
        while (value.find()) {
            spans.add(new int[] {value.start(), value.end()});
        }
        if (spans.isEmpty()) {
            return line;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return line.substring(0, span[0]) + YAML_VALUES[random.nextInt(YAML_VALUES.length)] + line.substring(span[1]);
    }

    /** The CSV with one to three edits: cells replaced, rows or columns dropped or doubled, encodings and marks. */
    static byte[] mutateCsv(Random random) {
        List<String> rows = new ArrayList<>(Arrays.asList(CSV.split("\n")));
        int edits = 1 + random.nextInt(3);
        String lineEnd = "\n";
        byte[] prefix = new byte[0];
        boolean latin1 = false;
        for (int e = 0; e < edits; e++) {
            int row = random.nextInt(rows.size());
            List<String> cells = new ArrayList<>(Arrays.asList(rows.get(row).split(",", -1)));
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> {
                    cells.set(random.nextInt(cells.size()), CSV_VALUES[random.nextInt(CSV_VALUES.length)]);
                    rows.set(row, String.join(",", cells));
                }
                case 3 -> rows.remove(row);
                case 4 -> rows.set(row, rows.get(row) + "," + CSV_VALUES[random.nextInt(CSV_VALUES.length)]);
                case 5 -> rows.set(0, rows.get(0).replace(random.nextBoolean() ? "x1" : "x0", "y"));
                case 6 -> lineEnd = "\r\n";
                case 7 -> prefix = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                default -> {
                    rows.set(0, rows.get(0).replace("x0", "caf\u00e9"));
                    latin1 = true;
                }
            }
            if (rows.isEmpty()) {
                break;
            }
        }
        String text = String.join(lineEnd, rows) + (rows.isEmpty() ? "" : lineEnd);
        byte[] body = text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    private static final int TABLE_CASES = 16;
    /** The sources a table case reads: tables in each format, and folders and files Spark cannot read as one. */
    private static final String[] TABLE_SOURCES = {"parquet", "parquet", "orc", "json", "csv", "one file", "one file",
        "mixed", "empty", "missing", "zero bytes", "cut", "damaged"};
    private static final String[] TABLE_FORMATS = {"parquet", "orc", "json", "csv"};
    /** Folder names that Spark percent-encodes in its file names, that look encoded, or that Hadoop reads as a glob. */
    private static final String[] TABLE_FOLDERS = {"plain", "with space", "100%", "a#b", "x%20y", "brackets[1]",
        "caf\u00e9"};
    /** Feature lists: the default (which takes the big and null columns too), good ones, and odd types and values. */
    private static final String[] TABLE_FEATURES = {"", ", features: [x0]", ", features: [x0, k, d]",
        ", features: [x0, k]", ", features: [x0]", ", features: [x0, s]", ", features: [x0, b]", ", features: [x0, big]",
        ", features: [x0, n]", ", features: [nope]"};
    private static final StructType TABLE_SCHEMA = new StructType().add("x0", DataTypes.DoubleType)
            .add("k", DataTypes.IntegerType).add("d", DataTypes.createDecimalType(10, 2)).add("y", DataTypes.DoubleType)
            .add("s", DataTypes.StringType).add("b", DataTypes.BooleanType).add("big", DataTypes.DoubleType)
            .add("n", DataTypes.DoubleType);

    /**
     * Tables in each format read as their own or another, from folders named with odd characters, by
     * name, glob or {@code file:} URI, with odd columns chosen as features; and folders and files Spark
     * cannot read as a table: empty, missing, mixed, cut short, zeroed between their magic bytes.
     */
    @Test
    void mutatedTablesEndCleanlyOrWithOneLineAndNothingWritten() throws Exception {
        Random random = new Random(SEED + 2);
        Path tables = dir.resolve("tables");
        writeTables(tables, random);
        List<Failure> failures = new ArrayList<>();
        int[] outcomes = new int[4];
        for (int i = 0; i < TABLE_CASES; i++) {
            Path caseDir = Files.createDirectories(dir.resolve("table-" + i));
            String source = TABLE_SOURCES[random.nextInt(TABLE_SOURCES.length)];
            String written = random.nextInt(3) > 0 ? TABLE_FORMATS[random.nextInt(TABLE_FORMATS.length)] : "parquet";
            // mostly the format the files are in, so that some cases run
            String format = random.nextInt(4) > 0 ? written : TABLE_FORMATS[random.nextInt(TABLE_FORMATS.length)];
            Path table = placeTable(tables, caseDir.resolve(TABLE_FOLDERS[random.nextInt(TABLE_FOLDERS.length)]),
                    source, written);
            String path = tablePath(table, caseDir, random);
            String config = """
                    name: fuzz-table
                    data: {table: {path: "%s", format: %s, label: y%s}}
                    model: {kind: linear}
                    grid: {learning_rates: [0.01, 0.3], steps: [3, 12]}
                    spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}
                    """.formatted(path, format, TABLE_FEATURES[random.nextInt(TABLE_FEATURES.length)]);
            Path file = Files.writeString(caseDir.resolve("sweep.yaml"), config);
            check("table " + i, file, caseDir.resolve("out"), source + " written as " + written + ":\n" + config,
                    failures, outcomes);
        }
        assertThat(failures).isEmpty();
        assertMutantsBothRanAndWereRefused(outcomes, TABLE_CASES);
    }

    /**
     * Writes the same rows as a Parquet, ORC, JSON and CSV table of two files each: a linear label y, numeric
     * columns of three types, text, booleans, values whose squares overflow, nulls.
     */
    private static void writeTables(Path tables, Random random) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            double x0 = random.nextGaussian();
            rows.add(RowFactory.create(x0, i % 5, java.math.BigDecimal.valueOf(random.nextInt(1000), 2),
                    0.5 * x0 - 0.1 * (i % 5) + 0.05 * random.nextGaussian(), "row " + i, i % 2 == 0, (i + 1) * 1e200,
                    i % 7 == 3 ? null : random.nextDouble()));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-fuzz-tables")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, TABLE_SCHEMA).repartition(2);
            for (String format : TABLE_FORMATS) {
                frame.write().format(format).option("header", "true").save(tables.resolve(format).toString());
            }
        } finally {
            spark.stop();
        }
    }

    /** Puts a case's table under {@code folder}: a copy of a written one, or something Spark cannot read. */
    private static Path placeTable(Path tables, Path folder, String source, String format) throws IOException {
        Files.createDirectories(folder);
        Path written = tables.resolve(format);
        List<Path> parts;
        try (var files = Files.list(written)) {
            parts = files.filter(file -> file.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        Path table = folder.resolve("table." + format);
        switch (source) {
            case "one file" -> Files.copy(parts.get(0), table);
            case "mixed" -> {
                copyTable(written, table);
                Files.copy(tables.resolve("csv").resolve(firstPart(tables.resolve("csv"))), table.resolve("more.csv"));
                Files.writeString(table.resolve("notes.txt"), "rows from the generator\n");
            }
            case "empty" -> Files.createDirectories(table);
            case "missing" -> {
                // nothing there
            }
            case "zero bytes" -> Files.createFile(table);
            case "cut" -> {
                byte[] bytes = Files.readAllBytes(parts.get(0));
                Files.write(table, Arrays.copyOf(bytes, bytes.length / 2));
            }
            case "damaged" -> {
                // the format's magic bytes at both ends, zeros between
                byte[] bytes = Files.readAllBytes(parts.get(0));
                Arrays.fill(bytes, 4, bytes.length - 4, (byte) 0);
                Files.write(table, bytes);
            }
            default -> copyTable(written, table);
        }
        return table;
    }

    private static String firstPart(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("part-")).sorted()
                    .findFirst().orElseThrow();
        }
    }

    private static void copyTable(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    /** The table's path as a user may write it: absolute, relative to the config, a {@code file:} URI, a glob. */
    private static String tablePath(Path table, Path configDir, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> table.toString();
            case 1 -> configDir.relativize(table).toString();
            case 2 -> "file:" + table;
            case 3 -> table + (Files.isDirectory(table) ? "/part-*" : "*");
            default -> configDir.resolve("*").resolve(table.getFileName().toString().replace("table", "t?ble"))
                    .toString();
        };
    }
}
