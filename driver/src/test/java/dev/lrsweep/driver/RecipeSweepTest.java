package dev.lrsweep.driver;

import static dev.lrsweep.driver.SweepCliTest.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.SweepCliTest.Run;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training recipe through the whole program: weight decay on least squares against the ridge solution and its
 * limit from Commons Math, and schedules over the run's length, whose step budgets are runs of their own.
 */
class RecipeSweepTest {
    private static final int ROWS = 120;
    private static final double[][] X = new double[ROWS][2];
    private static final double[] Y = new double[ROWS];

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeRows() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < ROWS; i++) {
            X[i][0] = random.nextGaussian();
            X[i][1] = 0.5 * X[i][0] + random.nextGaussian();
            Y[i] = 0.8 * X[i][0] - 1.2 * X[i][1] + 0.4 + 0.3 * random.nextGaussian();
            csv.append(X[i][0]).append(',').append(X[i][1]).append(',').append(Y[i] > 0.4 ? 1 : 0).append('\n');
        }
        Files.writeString(dir.resolve("classes.csv"), csv);
        StringBuilder values = new StringBuilder("a,b,y\n");
        for (int i = 0; i < ROWS; i++) {
            values.append(X[i][0]).append(',').append(X[i][1]).append(',').append(Y[i]).append('\n');
        }
        Files.writeString(dir.resolve("values.csv"), values);
    }

    /** H = 2·AᵀA/n of least squares on the rows, A = [X | 1], and 2·Aᵀy/n. */
    private static RealMatrix hessian() {
        double[][] h = new double[3][3];
        for (int i = 0; i < ROWS; i++) {
            double[] a = {X[i][0], X[i][1], 1};
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    h[j][l] += 2 * a[j] * a[l] / ROWS;
                }
            }
        }
        return new Array2DRowRealMatrix(h);
    }

    /**
     * Coupled weight decay λ on least squares descends on loss + λ‖θ‖²/2, whose Hessian is H + λI: gd's limit is
     * 2/(λ_max + λ) and the fit settles at the ridge solution (H + λI)θ = 2Aᵀy/n. Each decayed series' limit is
     * Commons Math's to 1e-12, its measured edge lies on it within one grid step, and its converged fit is the ridge
     * solution to 1e-9, which the cell's distance and excess loss are measured from: it has converged.
     */
    @Test
    void weightDecayOnLeastSquaresSettlesAtTheRidgeSolutionBelowItsLimit() throws IOException {
        Path config = Files.writeString(dir.resolve("ridge.yaml"), """
                name: ridge
                data: {csv: {path: values.csv, label: y}}
                grid: {learning_rates: {from: 0.05, to: 2, count: 41, scale: log}, steps: [3000],
                       weight_decays: [0, 0.5, 2]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Run run = sweep("run", "--config", config.toString(), "--out", dir.resolve("ridge").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(dir.resolve("ridge"));

        RealMatrix h = hessian();
        double largest = Arrays.stream(new EigenDecomposition(h).getRealEigenvalues()).max().orElseThrow();
        double[] rhs = new double[3];
        for (int i = 0; i < ROWS; i++) {
            double[] a = {X[i][0], X[i][1], 1};
            for (int j = 0; j < 3; j++) {
                rhs[j] += 2 * a[j] * Y[i] / ROWS;
            }
        }
        assertThat(record.series()).hasSize(3);
        for (SeriesResult series : record.series()) {
            double decay = series.series().weightDecay();
            double limit = 2 / (largest + decay);
            assertThat(series.lrCritical()).as("lr_critical at weight decay " + decay)
                    .isCloseTo(limit, within(1e-12 * limit));
            assertThat(series.boundary().gridStepsFromCritical()).as("the measured edge at " + decay).isZero();
            double[] ridge = new LUDecomposition(h.add(org.apache.commons.math3.linear.MatrixUtils
                    .createRealIdentityMatrix(3).scalarMultiply(decay))).getSolver()
                    .solve(new ArrayRealVector(rhs)).toArray();
            // a rate well inside the limit has converged after 3,000 steps
            CellResult settled = record.rows().stream().filter(row -> row.weightDecay() == decay
                    && row.learningRate() < 0.6 * limit).reduce((first, second) -> second).orElseThrow();
            for (int j = 0; j < 3; j++) {
                assertThat(settled.parameters()[j]).as("parameter " + j + " at weight decay " + decay)
                        .isCloseTo(ridge[j], within(1e-9 * Math.max(1, Math.abs(ridge[j]))));
            }
            // measured from the ridge solution and its loss, the settled fit has converged: nothing is left over
            assertThat(settled.regime()).as("at weight decay " + decay).isEqualTo(Regime.CONVERGED);
            assertThat(settled.parameterDistance()).isLessThan(1e-9);
            assertThat(Math.abs(settled.excessLoss())).isLessThan(1e-12);
        }
    }

    /**
     * Coupled weight decay on logistic regression settles at the minimum of loss + λ‖θ‖²/2, which theory finds by
     * Newton's method: a converged cell is measured from it (distance and excess loss about 0, regime converged),
     * the regularised gradient at the cell's parameters, derived by hand here, vanishes, and the series' limit is
     * 2/λ_max(H + λI) there.
     */
    @Test
    void weightDecayOnLogisticRegressionSettlesAtNewtonsRegularisedOptimum() throws IOException {
        double decay = 0.05;
        Path config = Files.writeString(dir.resolve("logistic.yaml"), """
                name: logistic
                data: {csv: {path: classes.csv, label: y}}
                model: {kind: logistic}
                grid: {learning_rates: [0.3, 1, 3, 10, 30], steps: [4000], weight_decays: [0, %s]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """.formatted(decay));
        Run run = sweep("run", "--config", config.toString(), "--out", dir.resolve("logistic").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        SweepRecord record = ResultFiles.read(dir.resolve("logistic"));

        SeriesResult decayed = record.series().stream().filter(series -> series.series().weightDecay() == decay)
                .findFirst().orElseThrow();
        CellResult settled = record.rows().stream().filter(row -> row.weightDecay() == decay
                && row.learningRate() == 3.0).findFirst().orElseThrow();
        assertThat(settled.regime()).isEqualTo(Regime.CONVERGED);
        assertThat(settled.parameterDistance()).isLessThan(1e-8);
        assertThat(Math.abs(settled.excessLoss())).isLessThan(1e-12);
        double[] theta = settled.parameters();
        double[] gradient = new double[3];
        double[][] hessian = new double[3][3];
        for (int i = 0; i < ROWS; i++) {
            double[] a = {X[i][0], X[i][1], 1};
            double p = 1 / (1 + Math.exp(-(a[0] * theta[0] + a[1] * theta[1] + a[2] * theta[2])));
            double label = Y[i] > 0.4 ? 1 : 0;
            for (int j = 0; j < 3; j++) {
                gradient[j] += (p - label) * a[j] / ROWS;
                for (int l = 0; l < 3; l++) {
                    hessian[j][l] += p * (1 - p) * a[j] * a[l] / ROWS;
                }
            }
        }
        for (int j = 0; j < 3; j++) {
            assertThat(gradient[j] + decay * theta[j]).as("the regularised gradient's component " + j)
                    .isCloseTo(0, within(1e-9));
            hessian[j][j] += decay;
        }
        double limit = 2 / Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(hessian)).getRealEigenvalues())
                .max().orElseThrow();
        assertThat(decayed.lrCritical()).isCloseTo(limit, within(1e-8 * limit));
    }

    /**
     * The same for softmax regression over three classes: a converged decayed cell is measured from Newton's
     * regularised optimum, and the regularised gradient (1/n)·Σ a(p − e_y)ᵀ + λθ, derived by hand, vanishes there.
     */
    @Test
    void weightDecayOnSoftmaxRegressionSettlesAtNewtonsRegularisedOptimum() throws IOException {
        int[] label = new int[ROWS];
        StringBuilder csv = new StringBuilder("a,b,class\n");
        for (int i = 0; i < ROWS; i++) {
            label[i] = Y[i] < -0.5 ? 0 : Y[i] < 1.3 ? 1 : 2;
            csv.append(X[i][0]).append(',').append(X[i][1]).append(',').append(label[i]).append('\n');
        }
        Files.writeString(dir.resolve("three.csv"), csv);
        double decay = 0.02;
        Path config = Files.writeString(dir.resolve("softmax.yaml"), """
                name: softmax
                data: {csv: {path: three.csv, label: class}}
                model: {kind: softmax}
                grid: {learning_rates: [1, 3], steps: [4000], weight_decays: [%s]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """.formatted(decay));
        Run run = sweep("run", "--config", config.toString(), "--out", dir.resolve("softmax").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        CellResult settled = ResultFiles.read(dir.resolve("softmax")).rows().get(0);

        assertThat(settled.regime()).isEqualTo(Regime.CONVERGED);
        assertThat(settled.parameterDistance()).isLessThan(1e-8);
        double[] theta = settled.parameters();
        // weights 2×3 row-major (feature, class), then the 3 biases
        double[] gradient = new double[9];
        for (int i = 0; i < ROWS; i++) {
            double[] a = {X[i][0], X[i][1]};
            double[] logits = new double[3];
            double largest = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                logits[k] = a[0] * theta[k] + a[1] * theta[3 + k] + theta[6 + k];
                largest = Math.max(largest, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(logits[k] - largest);
            }
            for (int k = 0; k < 3; k++) {
                double residual = Math.exp(logits[k] - largest) / sum - (label[i] == k ? 1 : 0);
                gradient[k] += a[0] * residual / ROWS;
                gradient[3 + k] += a[1] * residual / ROWS;
                gradient[6 + k] += residual / ROWS;
            }
        }
        for (int j = 0; j < 9; j++) {
            assertThat(gradient[j] + decay * theta[j]).as("the regularised gradient's component " + j)
                    .isCloseTo(0, within(1e-9));
        }
    }

    /**
     * Cosine annealing depends on the run's length: its 10-step cells are runs of 10 steps, equal to a sweep of that
     * budget alone, not the first 10 steps of the 60-step run (whose curve the sweep keeps). A warmup of 5 steps
     * does not: its 10-step cells are read off the 60-step run and equal a sweep of 10 steps all the same.
     */
    @Test
    void aScheduleOverTheRunsLengthRunsEachBudgetApart() throws IOException {
        String sweep = """
                name: %s
                data: {csv: {path: classes.csv, label: y}}
                model: {kind: logistic}
                grid: {learning_rates: [0.1, 1, 5], steps: %s, optimizers: [gd, adamw],
                       schedules: [{warmup: {steps: 5}}, cosine], weight_decays: [0.01]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """;
        Run both = sweep("run", "--config", Files.writeString(dir.resolve("both.yaml"),
                sweep.formatted("both", "[10, 60]")).toString(), "--out", dir.resolve("both").toString());
        Run shortOnly = sweep("run", "--config", Files.writeString(dir.resolve("short.yaml"),
                sweep.formatted("short", "[10]")).toString(), "--out", dir.resolve("short").toString());
        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(shortOnly.exitCode()).as(shortOnly.err()).isZero();
        assertThat(both.out() + both.err()).contains("sweep: cosine shapes the rate over the run's length: each of the "
                + "2 step budgets is a run of its own, as one trains (70 steps a rate, not 60)");

        SweepRecord record = ResultFiles.read(dir.resolve("both"));
        List<CellResult> tenSteps = record.rows().stream().filter(row -> row.steps() == 10).toList();
        List<CellResult> alone = ResultFiles.read(dir.resolve("short")).rows();
        assertThat(tenSteps).hasSameSizeAs(alone).hasSize(12);
        int differing = 0;
        for (int i = 0; i < alone.size(); i++) {
            CellResult cell = tenSteps.get(i);
            assertThat(cell.schedule()).isEqualTo(alone.get(i).schedule());
            assertThat(cell.learningRate()).isEqualTo(alone.get(i).learningRate());
            assertThat(cell.finalLoss()).as(cell.optimizer() + ", " + cell.schedule() + ", rate " + cell.learningRate())
                    .isCloseTo(alone.get(i).finalLoss(), within(1e-12 * alone.get(i).finalLoss()));
            if (cell.schedule().equals("cosine")) {
                LossCurve longest = record.curves().stream().filter(curve -> curve.series().equals(cell.series())
                        && curve.learningRate() == cell.learningRate()).findFirst().orElseThrow();
                assertThat(longest.steps()[longest.steps().length - 1]).isEqualTo(60);
                int at = Arrays.binarySearch(longest.steps(), 10);
                differing += Math.abs(longest.loss()[at] - cell.finalLoss()) > 1e-6 * cell.finalLoss() ? 1 : 0;
            }
        }
        assertThat(differing).as("cosine's 10-step runs are not the 60-step runs' first 10 steps").isEqualTo(6);
    }

    /**
     * The report of a sweep over weight decays draws the loss over learning rate × decay per step budget, with
     * AdamW's timescale iso-lines, and a network's sharpness beside 2/lr(t) of its schedule, marking where
     * lr(t)·λ_max first reaches 2.
     */
    @Test
    void theReportDrawsTheDecayHeatmapsAndTheScheduledEdge() throws IOException {
        Path config = Files.writeString(dir.resolve("net.yaml"), """
                name: net
                data: {csv: {path: classes.csv, label: y}}
                model: {kind: mlp, hidden: [4], activation: tanh, loss: cross_entropy}
                init: {seed: 1}
                grid: {learning_rates: [0.5, 5, 50], steps: [20, 60], optimizers: [gd, adamw],
                       schedules: [{warmup: {steps: 30}}], weight_decays: [0, 0.1]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path out = dir.resolve("net");
        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        for (String optimizer : List.of("gd", "adamw")) {
            for (int steps : new int[] {20, 60}) {
                String heatmap = Files.readString(out.resolve("decay-heatmap." + optimizer + ".warmup-steps-30.steps-"
                        + steps + ".svg"));
                // (an SVG is checked for its text alone: a failure would print it whole)
                assertThat(heatmap.contains("Loss after " + steps + " steps, " + optimizer + ", warmup(steps=30)"))
                        .as(optimizer + " heatmap title at " + steps).isTrue();
                // lines of τ = 1/(lr·λ) at a tenth of the budget, the budget and ten times it, where they cross the
                // grid's rates at λ = 0.1 (τ = 20 at 20 steps, τ = 6 at 60), for AdamW only
                assertThat(heatmap.contains("τ = " + (steps == 20 ? "20" : "6") + " steps"))
                        .as(optimizer + " τ line at " + steps).isEqualTo(optimizer.equals("adamw"));
            }
        }
        String sharpness = Files.readString(out.resolve("sharpness.gd.warmup-steps-30.svg"));
        assertThat(sharpness.contains("2/lr(t) under warmup(steps=30)")).as("the scheduled edge's title").isTrue();
        assertThat(sharpness.contains("passes 2 at step")).as("where lr(t)·λ_max first reaches 2").isTrue();
        assertThat(Files.readString(out.resolve("report.html"))).contains("over learning rate × weight decay");
    }

    /**
     * The range test runs once per optimizer and batch size, at a constant rate, whatever the schedules; where the
     * grid also runs one cycle, the report sets fastai's one-cycle peak (the range test's valley) beside the grid's
     * best peak under it.
     */
    @Test
    void theRangeTestsValleyIsSetBesideTheGridsBestOneCyclePeak() throws IOException {
        Path config = Files.writeString(dir.resolve("cycle.yaml"), """
                name: cycle
                data: {csv: {path: classes.csv, label: y}}
                model: {kind: logistic}
                grid: {learning_rates: {auto: true, count: 9}, steps: [50], schedules: [constant, one_cycle]}
                range_test: {to: 1000}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        Path out = dir.resolve("cycle");
        Run run = sweep("run", "--config", config.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).contains("sweep: range test: 1 run of up to 100 steps");
        SweepRecord record = ResultFiles.read(out);
        SeriesResult cycle = record.series().get(1);
        assertThat(cycle.series().label()).isEqualTo("gd, one_cycle");
        String best = SweepAnalysis.rate(cycle.suggestions().bestAt(50).learningRate());
        String valley = SweepAnalysis.rate(record.rangeTest().runs().get(0).valley());
        assertThat(Files.readString(out.resolve("report.html"))).contains("fit_one_cycle</code> takes the range "
                + "test's valley as its peak rate: for gd, " + valley + ". Under gd, one_cycle the grid's best peak "
                + "after 50 steps is " + best + " (loss ");
    }
}
