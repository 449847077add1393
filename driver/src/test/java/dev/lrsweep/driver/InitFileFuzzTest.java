package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Parameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start files ({@code init: {file: start.json}}) made by mutating a valid one with a seeded generator, for a linear
 * model and a network: arrays of the wrong shape or name, bare NaN and Infinity, numbers past a double's range,
 * wrong types, duplicate keys, text cut short. Each run ends with exit 0 or 3 and complete files, or exit 2 with one
 * line naming the start file and nothing written; never an internal error or a trace. Valid mutants run on real
 * local Spark, so the grids are tiny and the cases few.
 */
class InitFileFuzzTest {
    private static final long SEED = 20261203L;
    private static final int CASES_PER_MODEL = 15;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA = "data: {synthetic: {rows: 20, weights: [0.5, -1.0], bias: 0.2, noise: 0.1, seed: 4}}\n"
            + "init: {file: start.json}\n"
            + "grid: {learning_rates: [0.01, 0.5], steps: [2, 4]}\n"
            + "spark: {master: 'local[2]', settings: {spark.ui.enabled: 'false'}}\n";
    private static final String LINEAR = "name: fuzz-linear\n" + DATA;
    private static final String MLP = "name: fuzz-mlp\nmodel: {kind: mlp, hidden: [3], activation: tanh}\n" + DATA;
    /** What replaces a number of the file: not numbers, numbers JSON lacks, numbers past a double's range. */
    private static final String[] VALUES = {"NaN", "Infinity", "-Infinity", "\"NaN\"", "1e999", "-1e400", "\"0.5\"",
        "true", "null", "{}", "[]", "[0.1, 0.2]", "0x10", "01", ".5", "-"};
    /** Numbers a file may well hold: large, tiny, negative zero, whole. */
    private static final String[] FINITE = {"1e308", "-1e300", "99999999999999999999", "1e-400", "-0.0", "3", "0"};
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w\"])-?[0-9][0-9.eE+-]*");
    /** Array names a file might hold by mistake. */
    private static final String[] NAMES = {"weight", "Weights", "w", "W1", "w1", "b", "start", "", "bias "};

    @TempDir
    Path dir;

    @Test
    void mutatedStartFilesOfALinearModelEndCleanlyOrWithOneLineNamingTheFile() throws IOException {
        fuzz(LINEAR, new Random(SEED));
    }

    @Test
    void mutatedStartFilesOfANetworkEndCleanlyOrWithOneLineNamingTheFile() throws IOException {
        fuzz(MLP, new Random(SEED + 1));
    }

    /** A bare NaN, which JSON does not have, is named with its key, line and column. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void aNumberJsonDoesNotHaveIsNamedWithItsKeyAndLine(String number) throws IOException {
        Path config = Files.writeString(dir.resolve("sweep.yaml"), LINEAR);
        Path start = Files.writeString(dir.resolve("start.json"), "{\"weights\": [0.5, 0.1],\n \"bias\": " + number + "}\n");
        Path out = dir.resolve("out");

        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
        assertThat(run.err()).isEqualTo("sweep: init.file: " + start + ": bias: " + number + " is not a number JSON "
                + "allows at line 2, column " + (10 + number.length()) + " (every number here must be finite)\n");
        assertThat(out).doesNotExist();
    }

    private void fuzz(String yaml, Random random) throws IOException {
        String valid = validStart(yaml);
        List<String> failures = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        int ran = 0;
        int refused = 0;
        for (int i = 0; i < CASES_PER_MODEL; i++) {
            Path caseDir = Files.createDirectories(dir.resolve("case-" + i));
            Path config = Files.writeString(caseDir.resolve("sweep.yaml"), yaml);
            byte[] start = mutate(valid, random);
            Path startFile = Files.write(caseDir.resolve("start.json"), start);
            Path out = caseDir.resolve("out");

            Run run = sweep("run", "--config", config.toString(), "--out", out.toString());

            boolean clean = (run.exitCode() == 0 || run.exitCode() == SweepCli.EXIT_FAILED_CELLS) && complete(out);
            boolean oneLine = run.err().lines().count() == 1 && run.err().startsWith("sweep: init.file: " + startFile + ": ");
            boolean noTrace = !run.err().contains("\tat ") && !run.err().contains("Exception")
                    && !run.err().contains("java.") && !run.err().contains("Jackson");
            outcomes.add(run.exitCode() + " " + run.err().strip());
            ran += clean ? 1 : 0;
            refused += run.exitCode() == SweepCli.EXIT_BAD_INPUT ? 1 : 0;
            if (!(clean || run.exitCode() == SweepCli.EXIT_BAD_INPUT && oneLine && !Files.exists(out)) || !noTrace) {
                failures.add("case " + i + ": " + new String(start, StandardCharsets.UTF_8) + " -> exit " + run.exitCode()
                        + ": " + run.err());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(ran).as("mutants that ran: %s", outcomes).isGreaterThanOrEqualTo(2);
        assertThat(refused).as("mutants refused").isGreaterThan(CASES_PER_MODEL / 2);
    }

    /** The start file of a seeded draw for the config's model on its two features. */
    private String validStart(String yaml) throws IOException {
        return JSON.writeValueAsString(InitScheme.LECUN_NORMAL.draw(ConfigLoader.parse(yaml, "fuzz.yaml").model()
                .layout(2), 7).toTree());
    }

    private static boolean complete(Path out) throws IOException {
        return Files.isRegularFile(out.resolve(ResultFiles.CSV)) && Files.isRegularFile(out.resolve("report.html"))
                && !ResultFiles.read(out).rows().isEmpty();
    }

    /** One or two edits of the file's text, or one of its bytes' that no edit of text makes. */
    static byte[] mutate(String json, Random random) {
        String text = json;
        int edits = random.nextInt(3) == 0 ? 2 : 1;
        for (int e = 0; e < edits; e++) {
            text = switch (random.nextInt(12)) {
                case 0, 1 -> replaceOne(text, NUMBER, VALUES[random.nextInt(VALUES.length)], random);
                case 9, 10 -> replaceOne(text, NUMBER, FINITE[random.nextInt(FINITE.length)], random);
                case 2 -> replaceOne(text, Pattern.compile("\"[A-Za-z0-9]+\"(?=:)"),
                        "\"" + NAMES[random.nextInt(NAMES.length)] + "\"", random);
                // a value dropped from a list, or one added: a shape one off
                case 3 -> text.replaceFirst(",\\s*-?[0-9][0-9.eE+-]*(?=])", "");
                case 4 -> text.replaceFirst("(?<=\\[)(-?[0-9])", "0.25,$1");
                // the last array given twice
                case 5 -> text.replaceFirst("(,\"[^\"]+\":(?:\\[[^\\[\\]]*]|[^,{}\\[\\]]+))}$", "$1$1}");
                // the arrays wrapped as results.json holds them, or the whole in a list
                case 6 -> random.nextBoolean() ? "{\"start\": " + text + "}" : "[" + text + "]";
                case 7 -> text.substring(0, random.nextInt(text.length() + 1));
                case 8 -> text.replaceFirst("\\{", "{\"extra\": [1],");
                default -> random.nextBoolean() ? "" : text + "\n" + text;
            };
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String replaceOne(String text, Pattern pattern, String replacement, Random random) {
        List<int[]> spans = new ArrayList<>();
        Matcher found = pattern.matcher(text);
        while (found.find()) {
            spans.add(new int[] {found.start(), found.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }
}
