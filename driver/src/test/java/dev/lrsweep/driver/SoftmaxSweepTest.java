package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Softmax regression through the command line on real Spark: text classes numbered in sorted order, the same
 * cells and theory in grid and data parallelism and from a table Spark reads, and labels that are not classes
 * refused in one line.
 */
class SoftmaxSweepTest {
    private static final String NO_UI = "spark: {settings: {spark.ui.enabled: \"false\"}}\n";
    private static final List<String> CLASSES = List.of("alpha", "beta", "delta", "gamma");
    private static final String SWEEP = """
            name: classes-%s
            %s
            model: {kind: softmax}
            grid: {learning_rates: {from: 0.01, to: 300, count: 6}, steps: [5, 50], optimizers: [gd, {momentum: 0.9}, adam]}
            fit: {parallelism: %s}
            """ + NO_UI;

    @TempDir
    static Path dir;

    /** Four overlapping classes in 3 features, labelled as text in an order that is not sorted. */
    @BeforeAll
    static void writeTheRowsAndSweepThem() throws IOException {
        String[] written = {"gamma", "alpha", "delta", "beta"};
        double[][] centres = {{1, 0, 0}, {0, 1, 0}, {-1, -1, 0.5}, {0.5, -0.5, -1}};
        Random random = new Random(12);
        StringBuilder csv = new StringBuilder("x0,x1,x2,kind\n");
        for (int i = 0; i < 240; i++) {
            int c = random.nextInt(4);
            for (int j = 0; j < 3; j++) {
                csv.append(String.format(Locale.ROOT, "%.6f,", centres[c][j] + 1.3 * random.nextGaussian()));
            }
            csv.append(written[c]).append('\n');
        }
        Files.writeString(dir.resolve("classes.csv"), csv);
        String file = "data: {csv: {path: classes.csv, label: kind}}";
        String table = "data: {table: {path: classes.csv, format: csv, label: kind}}";
        sweep("grid", file, "grid");
        sweep("data", file, "data");
        sweep("table", table, "grid");
    }

    private static void sweep(String name, String data, String mode) throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".yaml"), SWEEP.formatted(name, data, mode));
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[2]", "--out",
                dir.resolve(name).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void textClassesAreNumberedInSortedOrderAndRecorded() throws IOException {
        JsonNode results = new ObjectMapper().readTree(dir.resolve("grid/results.json").toFile());

        assertThat(results.get("dataset").get("classes")).extracting(JsonNode::asText).containsExactlyElementsOf(CLASSES);
        assertThat(results.get("start").get("weights")).hasSize(3);
        assertThat(results.get("start").get("weights").get(0)).hasSize(4);
        assertThat(results.get("start").get("bias")).hasSize(4);
        SweepRecord record = ResultFiles.read(dir.resolve("grid"));
        assertThat(record.rows()).hasSize(3 * 6 * 2)
                .allSatisfy(row -> assertThat(row.accuracy()).isBetween(0.0, 1.0));
        assertThat(record.theory().separable()).isFalse();
        assertThat(record.theory().lrCritical()).isPositive();
        assertThat(record.theory().flatDirections()).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("grid/report.html"))).contains("<th>accuracy</th>")
                .contains("4: alpha, beta, delta, gamma (numbered 0 … 3 in this order)")
                .contains("softmax of 4 classes, cross_entropy; 16 parameters");
        assertThat(dir.resolve("grid/accuracy-vs-rate.adam.svg")).exists();
    }

    /**
     * Every cell's regime and accuracy, its loss to rounding, and every theory key to 1e-9 agree between the
     * parallelisms and with the table.
     */
    @Test
    void gridDataParallelismAndATableGiveTheSameCellsAndTheory() throws IOException {
        SweepRecord grid = ResultFiles.read(dir.resolve("grid"));
        for (String other : List.of("data", "table")) {
            SweepRecord record = ResultFiles.read(dir.resolve(other));
            assertThat(record.dataset().classes()).containsExactlyElementsOf(CLASSES);
            assertThat(record.rows()).hasSameSizeAs(grid.rows());
            for (int i = 0; i < grid.rows().size(); i++) {
                CellResult expected = grid.rows().get(i);
                CellResult actual = record.rows().get(i);
                String cell = other + ": " + expected.series().label() + " rate " + expected.learningRate() + " steps "
                        + expected.steps();
                assertThat(actual.regime()).as(cell).isEqualTo(expected.regime());
                // past the stability limit each step amplifies the rounding of the sums' order: measured up to 3.4e-6
                // relative after 50 steps (adam at rate 300); a chaotic cell (its twin's sensitivity above the bound)
                // follows another trajectory altogether, and only its regime is the same
                if (!expected.chaotic()) {
                    double tolerance = expected.regime() == Regime.UNSTABLE ? 1e-5 : 1e-9;
                    assertThat(actual.finalLoss()).as(cell).isCloseTo(expected.finalLoss(),
                            within(tolerance * Math.max(1, Math.abs(expected.finalLoss()))));
                }
                if (expected.regime() != Regime.UNSTABLE) {
                    assertThat(actual.accuracy()).as(cell).isEqualTo(expected.accuracy());
                }
            }
            Theory a = grid.theory();
            Theory b = record.theory();
            assertThat(b.lrCritical()).as(other).isCloseTo(a.lrCritical(), within(1e-9 * a.lrCritical()));
            assertThat(b.optimalLoss()).as(other).isCloseTo(a.optimalLoss(), within(1e-9 * a.optimalLoss()));
            assertThat(b.lrSafe()).as(other).isCloseTo(a.lrSafe(), within(1e-9 * a.lrSafe()));
            assertThat(b.sharpnessStart()).as(other).isCloseTo(a.sharpnessStart(), within(1e-9 * a.sharpnessStart()));
        }
    }

    @Test
    void labelsThatAreNotClassesAreRefusedInOneLine() throws IOException {
        Files.writeString(dir.resolve("one.csv"), "x,y\n0.5,a\n-0.5,a\n");
        Files.writeString(dir.resolve("fractions.csv"), "x,y\n0.5,1\n-0.5,0.5\n0.1,2\n");
        StringBuilder many = new StringBuilder("x,y\n");
        for (int i = 0; i <= 1000; i++) {
            many.append(i).append(",c").append(i).append('\n');
        }
        Files.writeString(dir.resolve("many.csv"), many);
        String sweep = "model: {kind: softmax}\ngrid: {learning_rates: [0.1], steps: [5]}\n" + NO_UI;
        for (String[] expected : List.of(
                new String[] {"one.csv", "data.csv.label: " + dir.resolve("one.csv") + " has one class, 'a'; a softmax "
                        + "model needs at least 2 classes"},
                new String[] {"fractions.csv", "data.csv.label: " + dir.resolve("fractions.csv") + " has label 0.5, but "
                        + "a softmax model's classes are integers or text"},
                new String[] {"many.csv", "data.csv.label: " + dir.resolve("many.csv") + " has more than 1000 distinct "
                        + "labels; a softmax model takes 2 to 1000 classes"})) {
            Path config = Files.writeString(dir.resolve("bad.yaml"), "data: {csv: {path: " + expected[0]
                    + ", label: y}}\n" + sweep);
            Path out = dir.resolve("bad-out");

            SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(SweepCli.EXIT_BAD_INPUT);
            assertThat(run.err().strip()).isEqualTo("sweep: " + expected[1]);
            assertThat(out).doesNotExist();
        }
    }
}
