package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts that agree with the curves they name: on the shipped real data, rates that work are not called
 * diverged; the same cell gets the same verdict (and theory the same keys) in grid and data parallelism, on one
 * core and on two; chaotic cells are marked, and cells below the stability limit are not; a network's catapult is
 * "converged after a spike".
 */
class VerdictsSweepTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    /** Past lr_critical, a twin from a start 1e-12 away (float64) must end further apart than this to be chaotic. */
    private static final double CHAOTIC = 1e-6;

    @TempDir
    static Path dir;

    private static final Map<String, SweepRecord> MODES = new LinkedHashMap<>();

    /**
     * A held-out set the examples never use: 3,000 rows, 4 features of unequal scales, labels drawn from a logistic
     * model, as a Parquet table of 3 files; swept in both parallelisms on local[1] and local[2].
     */
    @BeforeAll
    static void sweepAHeldOutTableInEveryMode() throws IOException {
        Random random = new Random(21);
        double[] scales = {1, 3, 0.5, 2};
        double[] weights = {1.2, -0.5, 2.0, 0.4};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double[] x = new double[4];
            double logit = -0.3;
            for (int j = 0; j < 4; j++) {
                x[j] = scales[j] * random.nextGaussian();
                logit += weights[j] * x[j];
            }
            int y = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            rows.add(RowFactory.create(x[0], x[1], x[2], x[3], y));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType).add("y", DataTypes.IntegerType);
        ParquetTables.write(schema, new ParquetTables.Table(dir.resolve("held.parquet"), rows, 3));
        for (String parallelism : List.of("grid", "data")) {
            for (String master : List.of("local[1]", "local[2]")) {
                String name = parallelism + "-" + master.charAt(6);
                Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                        name: %s
                        data: {table: {path: held.parquet, label: y}}
                        model: {kind: logistic}
                        grid: {learning_rates: {from: 1.0e-3, to: 10, count: 9}, steps: [10, 100], rates_per_task: 4}
                        fit: {parallelism: %s}
                        spark: {settings: {spark.ui.enabled: "false"}}
                        """.formatted(name, parallelism));
                MODES.put(name, ran(SweepCliTest.sweep("run", "--config", config.toString(), "--master", master,
                        "--out", dir.resolve(name).toString()), dir.resolve(name)));
            }
        }
    }

    private static SweepRecord ran(SweepCliTest.Run run, Path out) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ResultFiles.read(out);
    }

    private static CellResult cell(SweepRecord record, double rate, int steps) {
        return record.rows().stream().filter(row -> row.learningRate() == rate && row.steps() == steps).findFirst()
                .orElseThrow();
    }

    @Test
    void onTheShippedBreastCancerDataTheRatesThatWorkAreNotCalledDivergedAndAreOffered() throws IOException {
        Path out = dir.resolve("breast-cancer");
        SweepRecord record = ran(SweepCliTest.sweep("run", "--config",
                REPO.resolve("conf/examples/breast-cancer.yaml").toString(), "--master", "local[2]", "--out",
                out.toString()), out);
        int last = 1000;
        double start = record.curves().get(0).loss()[0];
        for (var curve : record.curves()) {
            double[] loss = curve.loss();
            int n = loss.length;
            // ends below its start and is still falling over its last recorded steps
            boolean works = loss[n - 1] < start && loss[n - 1] <= loss[n - 2] && loss[n - 2] <= loss[n - 3];
            if (works) {
                assertThat(cell(record, curve.learningRate(), last).regime()).as("rate " + curve.learningRate())
                        .isNotIn(Regime.DIVERGED, Regime.UNSTABLE);
            }
        }
        // the three rates that rise above the start at step 1 reach the lowest losses of the grid
        double lowest = record.rows().stream().filter(row -> row.steps() == last).mapToDouble(CellResult::finalLoss)
                .min().orElseThrow();
        CellResult spiked = record.rows().stream().filter(row -> row.steps() == last && row.finalLoss() == lowest)
                .findFirst().orElseThrow();
        assertThat(spiked.spike()).as("its spike").isNotNull();
        assertThat(spiked.spike().step()).isEqualTo(1);
        Suggestions suggestions = record.single().suggestions();
        assertThat(suggestions.bestAt(last).learningRate()).isEqualTo(spiked.learningRate());
        // the classes are all but separable: on some CPUs Newton's method does not settle within its iterations (the
        // rounding of the row sums differs), so theory calls them separable and the floor is the best loss in the
        // grid, an oscillating rate's lowest dip, which no steadily falling run reaches (its loss falls for ever).
        // At the spiked rate the loss zigzags by rounding (the twins see only the first 100 steps): where its last
        // hundred recorded losses rise at a fifth of their steps or more, it oscillates, and is called so
        if (Boolean.TRUE.equals(record.theory().separable())) {
            double[] loss = record.curves().stream().filter(curve -> curve.learningRate() == spiked.learningRate())
                    .findFirst().orElseThrow().loss();
            long rises = IntStream.range(loss.length - 100, loss.length).filter(i -> loss[i] > loss[i - 1]).count();
            if (rises >= 20) {
                assertThat(spiked.regime()).as("rises in the last 100 recorded losses: %d", rises)
                        .isEqualTo(Regime.OSCILLATING);
            } else {
                assertThat(spiked.regime()).as("rises in the last 100 recorded losses: %d", rises)
                        .isIn(Regime.UNDERSHOOT, Regime.CONVERGED_AFTER_SPIKE);
            }
        } else {
            assertThat(spiked.regime()).isEqualTo(Regime.CONVERGED_AFTER_SPIKE);
            assertThat(suggestions.largestSafe()).as("a safe rate").isNotNull();
            assertThat(suggestions.largestSafe().learningRate()).isEqualTo(spiked.learningRate());
        }
        assertThat(suggestions.verdicts()).noneMatch(verdict -> verdict.regime() == Regime.DIVERGED);
        assertThat(record.single().boundary().smallestDivergedRate()).isNull();
    }

    @Test
    void everyCellHasOneVerdictAndTheoryOneValueWhateverTheParallelismAndTheCores() {
        SweepRecord reference = MODES.get("grid-1");
        Theory theory = reference.theory();
        assertThat(theory.lrCritical()).as("lr_critical").isNotNull();
        assertThat(theory.optimalLoss()).as("the optimum").isNotNull();
        MODES.forEach((mode, record) -> {
            Theory other = record.theory();
            assertThat(other.floorSource()).as(mode).isEqualTo(theory.floorSource());
            for (var key : List.of(
                    new double[] {theory.lrCritical(), other.lrCritical()},
                    new double[] {theory.lrSafe(), other.lrSafe()},
                    new double[] {theory.optimalLoss(), other.optimalLoss()},
                    new double[] {theory.floor(), other.floor()},
                    new double[] {theory.sharpnessStart(), other.sharpnessStart()},
                    new double[] {theory.lrOptimal(), other.lrOptimal()},
                    new double[] {theory.conditionNumber(), other.conditionNumber()})) {
                assertThat(key[1]).as(mode + " theory").isCloseTo(key[0], within(1e-9 * Math.abs(key[0])));
            }
            assertThat(other.eigenvalues()).as(mode + " eigenvalues")
                    .containsExactly(theory.eigenvalues(), within(1e-9 * theory.eigenvalues()[3]));
            assertThat(record.rows()).hasSameSizeAs(reference.rows());
            for (int i = 0; i < reference.rows().size(); i++) {
                CellResult want = reference.rows().get(i);
                CellResult got = record.rows().get(i);
                String cell = mode + ": rate " + want.learningRate() + ", " + want.steps() + " steps";
                assertThat(got.regime()).as(cell).isEqualTo(want.regime());
                assertThat(got.chaotic()).as(cell + " chaotic").isEqualTo(want.chaotic());
                if (!want.chaotic()) {
                    assertThat(got.finalLoss()).as(cell + " loss")
                            .isCloseTo(want.finalLoss(), within(1e-9 * Math.abs(want.finalLoss())));
                }
            }
        });
    }

    @Test
    void pastTheStabilityLimitACellIsMarkedChaoticAndItsTwinEndsApart() {
        SweepRecord record = MODES.get("grid-2");
        double critical = record.theory().lrCritical();
        List<CellResult> chaotic = record.rows().stream().filter(CellResult::chaotic).toList();
        assertThat(chaotic).as("chaotic cells").isNotEmpty();
        assertThat(chaotic).allSatisfy(row -> {
            assertThat(row.sensitivity()).isGreaterThan(CHAOTIC);
            assertThat(row.learningRate()).isGreaterThan(critical);
            assertThat(row.notes()).contains("chaotic");
            assertThat(row.lossText()).startsWith("≈ ");
        });
        // auto twins the rates at or above half of lr_critical, and only those
        assertThat(record.rows()).allSatisfy(row -> assertThat(Double.isNaN(row.sensitivity()))
                .as("rate " + row.learningRate()).isEqualTo(row.learningRate() < critical / 2));
    }

    @Test
    void belowTheStabilityLimitNoCellOfTheDefaultOrTheLogisticExampleIsChaotic() throws IOException {
        for (String example : List.of("conf/sweep.yaml", "conf/examples/logistic.yaml")) {
            String name = Path.of(example).getFileName().toString().replace(".yaml", "");
            Path config = Files.writeString(dir.resolve(name + "-twins.yaml"),
                    Files.readString(REPO.resolve(example)) + "\nregimes: {sensitivity: on}\n");
            Path out = dir.resolve(name + "-twins");
            SweepRecord record = ran(SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[2]",
                    "--out", out.toString()), out);
            double critical = record.theory().lrCritical();
            List<CellResult> below = record.rows().stream().filter(row -> row.learningRate() < critical).toList();
            assertThat(below).as(example).isNotEmpty();
            assertThat(below).as(example).allSatisfy(row -> {
                assertThat(row.sensitivity()).as("rate " + row.learningRate()).isLessThanOrEqualTo(CHAOTIC);
                assertThat(row.chaotic()).isFalse();
            });
        }
    }

    /**
     * The catapult phase (Lewkowycz et al. 2020): a wide relu network under mean squared error, at a rate past 2 over
     * its start sharpness, throws its loss up above the start within a few steps, its sharpness falls below 2/rate,
     * and it then converges. Found by sweeping rates 0.01 … 10 on this data and network: 0.1 (about 2.4/λ_max at
     * the start) spikes to 7× the start loss at step 4 and ends at the grid's lowest loss; 1 diverges.
     */
    @Test
    void aNetworksCatapultIsConvergedAfterASpikeNotDiverged() throws IOException {
        Path config = Files.writeString(dir.resolve("catapult.yaml"), """
                name: catapult
                data: {synthetic: {rows: 64, weights: [1.0, -1.0], bias: 0.0, noise: 0.1, seed: 3}}
                model: {kind: mlp, hidden: [128], activation: relu, loss: mse}
                init: {seed: 1}
                grid: {learning_rates: [0.01, 0.1, 1.0], steps: [10, 1000]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path out = dir.resolve("catapult");
        SweepRecord record = ran(SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[2]",
                "--out", out.toString()), out);
        double sharpnessStart = record.theory().sharpnessStart();
        assertThat(2 / sharpnessStart).as("the start's limit 2/λ_max").isLessThan(0.1);

        CellResult catapult = cell(record, 0.1, 1000);
        assertThat(catapult.regime()).isEqualTo(Regime.CONVERGED_AFTER_SPIKE);
        assertThat(catapult.spike().peakLoss()).isGreaterThan(2 * catapult.spike().startLoss());
        assertThat(catapult.sharpness()).as("the sharpness fell below 2/rate").isLessThan(2 / 0.1);
        assertThat(catapult.finalLoss()).isLessThan(cell(record, 0.01, 1000).finalLoss());
        assertThat(catapult.chaotic()).isFalse();
        assertThat(cell(record, 0.1, 10).regime()).as("still up in the spike at step 10").isEqualTo(Regime.UNSTABLE);
        assertThat(cell(record, 1.0, 1000).regime()).isEqualTo(Regime.DIVERGED);
    }
}
