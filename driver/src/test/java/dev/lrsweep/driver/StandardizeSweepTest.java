package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Regime;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.standardize through the command line: fitted on standardised features, reported in both units. */
class StandardizeSweepTest {
    @TempDir
    static Path dir;

    @Test
    void aStandardisedSweepReportsTheExactFitInTheDataUnitsAndAnUnstandardisedOneIsToldToStandardise()
            throws IOException {
        Random random = new Random(4);
        int n = 150;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        StringBuilder csv = new StringBuilder("big,small,y\n");
        for (int i = 0; i < n; i++) {
            x[i][0] = 1000 + 1000 * random.nextDouble();
            x[i][1] = random.nextDouble() - 0.5;
            y[i] = 0.002 * x[i][0] - 3 * x[i][1] + 0.1 * random.nextGaussian();
            csv.append(x[i][0]).append(',').append(x[i][1]).append(',').append(y[i]).append('\n');
        }
        Files.writeString(dir.resolve("skewed.csv"), csv);
        String sweep = """
                data: {csv: {path: skewed.csv, label: y}%s}
                grid: {learning_rates: [0.1, 0.5], steps: [3000]}
                spark: {master: 'local[1]', settings: {spark.ui.enabled: "false"}}
                """;
        Path standardised = Files.writeString(dir.resolve("on.yaml"), sweep.formatted(", standardize: true"));
        Path asGiven = Files.writeString(dir.resolve("off.yaml"), sweep.formatted(""));

        SweepCliTest.Run on = SweepCliTest.sweep("run", "--config", standardised.toString(), "--out",
                dir.resolve("on").toString());
        SweepCliTest.Run off = SweepCliTest.sweep("run", "--config", asGiven.toString(), "--out",
                dir.resolve("off").toString());

        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(off.exitCode()).as(off.err()).isZero();
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] exact = ols.estimateRegressionParameters();
        SweepRecord record = ResultFiles.read(dir.resolve("on"));
        CellResult best = record.rows().get(1);
        assertThat(best.regime()).isEqualTo(Regime.CONVERGED);
        assertThat(best.parametersOriginal()).containsExactly(new double[] {exact[1], exact[2], exact[0]},
                within(1e-6));
        assertThat(record.conditioning().asGiven()).isGreaterThan(1e6);
        assertThat(Files.readAllLines(dir.resolve("on/results.csv")).get(0))
                .contains("w0,w1,bias,w0_original,w1_original,bias_original");
        assertThat(Files.readString(dir.resolve("on/report.html"))).doesNotContain("standardise the features");
        assertThat(Files.readString(dir.resolve("off/report.html")))
                .contains("standardise the features (data.standardize: true)");
        assertThat(ResultFiles.read(dir.resolve("off")).rows().get(1).regime())
                .as("as given, the rate that converges on standardised features overshoots").isEqualTo(Regime.DIVERGED);
    }
}
