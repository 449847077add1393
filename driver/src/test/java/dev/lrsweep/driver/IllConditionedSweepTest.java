package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.ParameterConvergence;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * On ill-conditioned data (two nearly collinear features, condition number above 10,000) the loss settles long
 * before the parameters do. Through the command line, on real Spark: the safe rate must have converged, each cell's
 * distance from the exact optimum matches Commons Math's least squares, and the steps predicted to bring the
 * parameters within 1% match a measured trajectory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IllConditionedSweepTest {
    private static final int ROWS = 200;
    @TempDir
    static Path dir;
    private double[][] x;
    private double[] y;
    /** θ* in the sweep's layout: w0, w1, bias. */
    private double[] exact;
    private double lrCritical;
    private SweepRecord record;

    @BeforeAll
    void sweepTheGridAroundTheStabilityLimit() throws IOException {
        Random random = new Random(11);
        x = new double[ROWS][2];
        y = new double[ROWS];
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < ROWS; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = x[i][0] + 0.01 * random.nextGaussian();
            y[i] = 1 + 2 * x[i][0] - x[i][1] + 0.1 * random.nextGaussian();
            csv.append(x[i][0]).append(',').append(x[i][1]).append(',').append(y[i]).append('\n');
        }
        Files.writeString(dir.resolve("collinear.csv"), csv);
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] fit = ols.estimateRegressionParameters();
        exact = new double[] {fit[1], fit[2], fit[0]};
        double[][] a = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            a[i] = new double[] {x[i][0], x[i][1], 1};
        }
        RealMatrix design = new Array2DRowRealMatrix(a);
        RealMatrix hessian = design.transpose().multiply(design).scalarMultiply(2.0 / ROWS);
        double lambdaMax = java.util.Arrays.stream(new EigenDecomposition(hessian).getRealEigenvalues()).max().orElseThrow();
        lrCritical = 2 / lambdaMax;
        // from well below the limit to just below it (a rate that oscillates for ever) and beyond
        double[] shares = {0.05, 0.2, 0.5, 0.9, 0.9999999, 1.05};
        String rates = java.util.Arrays.stream(shares).mapToObj(share -> String.format(Locale.ROOT, "%.17g", share * lrCritical))
                .collect(Collectors.joining(", "));
        record = sweep("grid", "[" + rates + "]", "[100, 1000, 10000, 40000]");
    }

    private SweepRecord sweep(String name, String rates, String steps) throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                data: {csv: {path: collinear.csv, label: y}}
                grid: {learning_rates: %s, steps: %s}
                spark: {master: 'local[2]', settings: {spark.ui.enabled: "false"}}
                """.formatted(rates, steps));
        SweepCliTest.Run run = SweepCliTest.sweep("run", "--config", config.toString(), "--out",
                dir.resolve(name).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ResultFiles.read(dir.resolve(name));
    }

    @Test
    void theDataAreIllConditioned() {
        assertThat(record.theory().conditionNumber()).isGreaterThan(10_000);
        assertThat(record.single().lrCritical()).isCloseTo(lrCritical, within(1e-9 * lrCritical));
    }

    @Test
    void aRateOfferedAsSafeConvergedAtTheBudgetItNamesAndOneThatOnlyOscillatesIsNot() {
        Suggestions.SafeRate safe = record.single().suggestions().largestSafe();
        assertThat(safe).isNotNull();
        List<CellResult> ofSafe = record.rows().stream().filter(row -> row.learningRate() == safe.learningRate()).toList();
        assertThat(ofSafe).noneMatch(row -> row.regime() == Regime.DIVERGED);
        assertThat(ofSafe.stream().filter(row -> row.regime() == Regime.CONVERGED).mapToInt(CellResult::steps).min())
                .hasValue(safe.convergedWithin());
        // just below lr_critical a rate never diverges, but the sharp direction flips sign at every step and shrinks by
        // only 1 − 2e-7 a step: it oscillates at every budget of the grid
        double nearLimit = record.rows().stream().mapToDouble(CellResult::learningRate).distinct()
                .filter(rate -> rate < lrCritical).max().orElseThrow();
        assertThat(record.rows()).filteredOn(row -> row.learningRate() == nearLimit)
                .allMatch(row -> row.regime() == Regime.OSCILLATING);
        assertThat(safe.learningRate()).isLessThan(nearLimit);
        assertThat(Files.exists(dir.resolve("grid/report.html"))).isTrue();
    }

    @Test
    void eachCellsDistanceFromTheOptimumIsTheExactLeastSquaresOne() {
        for (CellResult row : record.rows()) {
            if (row.regime() == Regime.DIVERGED) {
                continue;
            }
            double difference = 0;
            double norm = 0;
            for (int j = 0; j < exact.length; j++) {
                difference += Math.pow(row.parameters()[j] - exact[j], 2);
                norm += exact[j] * exact[j];
            }
            double distance = Math.sqrt(difference / norm);
            assertThat(row.parameterDistance()).as("rate %s, %d steps", row.learningRate(), row.steps())
                    .isCloseTo(distance, within(1e-6 * distance + 1e-12));
        }
        // the loss settles long before the parameters do: at 10,000 steps the best rate is within 1% of the optimal
        // loss while its parameters are still far from θ*
        CellResult best = record.rows().stream().filter(row -> row.steps() == 10000 && row.regime() != Regime.DIVERGED)
                .min(java.util.Comparator.comparingDouble(CellResult::finalLoss)).orElseThrow();
        assertThat(best.excessLoss() / record.theory().optimalLoss()).isLessThan(0.01);
        assertThat(best.parameterDistance()).isGreaterThan(0.2);
    }

    @Test
    void thePredictedStepsToWithinOnePercentMatchAMeasuredTrajectoryWithinTenPercent() throws IOException {
        SeriesResult gd = record.single();
        ParameterConvergence convergence = gd.parameterConvergence();
        assertThat(convergence.learningRate()).isEqualTo(gd.bestAtLargestBudget().learningRate());
        long predicted = convergence.predictedSteps();
        assertThat(predicted).isGreaterThan(1000).isLessThanOrEqualTo(convergence.boundSteps());
        long before = (long) Math.floor(0.9 * predicted);
        long after = (long) Math.ceil(1.1 * predicted);
        SweepRecord trajectory = sweep("trajectory", String.format(Locale.ROOT, "[%.17g]", convergence.learningRate()),
                "[" + before + ", " + predicted + ", " + after + "]");
        List<CellResult> rows = trajectory.rows();
        assertThat(rows.get(0).parameterDistance()).as("at 0.9 × the prediction").isGreaterThan(0.01);
        assertThat(rows.get(1).parameterDistance()).as("at the prediction").isLessThanOrEqualTo(0.01 * (1 + 1e-6));
        assertThat(rows.get(2).parameterDistance()).as("at 1.1 × the prediction").isLessThan(0.01);
        assertThat(Files.readString(dir.resolve("trajectory/report.html"))).contains("‖θ − θ*‖/‖θ*‖");
    }
}
