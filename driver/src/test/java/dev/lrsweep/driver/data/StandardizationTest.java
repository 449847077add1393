package dev.lrsweep.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.LinearTheory;
import dev.lrsweep.driver.analysis.QuadraticDescent;
import dev.lrsweep.driver.config.SyntheticDataConfig;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StandardizationTest {
    /** Two features on scales a thousand apart, offset from zero: badly conditioned as given. */
    private static LoadedData skewed() {
        Random random = new Random(3);
        int n = 200;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 1000 + 1000 * random.nextDouble();
            x[2 * i + 1] = random.nextDouble() - 0.5;
            y[i] = 0.002 * x[2 * i] - 3 * x[2 * i + 1] + 0.1 * random.nextGaussian();
        }
        Dataset data = new Dataset(n, 2, x, y);
        List<String> names = List.of("big", "small");
        return new LoadedData(data, new DatasetSummary("test", null, n, names, "y",
                Columns.summarize(data, names, "y", "test"), null, null, null));
    }

    /** The least-squares solution on standardised features, taken back to the data's units, is the solution on the data. */
    @Test
    void theExactFitOnStandardisedFeaturesIsTheExactFitInTheOriginalUnits() {
        LoadedData data = skewed();
        Standardization scaling = Standardization.of(data.summary());
        Layout layout = ModelSpec.linear().layout(2);

        LeastSquares onStandardised = LeastSquares.of(scaling.apply(data.dataset()));
        LeastSquares asGiven = LeastSquares.of(data.dataset());
        double[] standardised = values(LinearTheory.of(onStandardised, QuadraticDescent.of(onStandardised), layout)
                .exactParameters());
        double[] original = values(LinearTheory.of(asGiven, QuadraticDescent.of(asGiven), layout).exactParameters());

        assertThat(scaling.toOriginalUnits(layout, standardised)).containsExactly(original, within(1e-9));
    }

    /** A network's first layer absorbs the scaling: the same outputs on every row, before and after. */
    @Test
    void aNetworksFirstLayerTakesTheScalingBackExactly() {
        LoadedData data = skewed();
        Standardization scaling = Standardization.of(data.summary());
        ModelSpec network = ModelSpec.mlp(new int[] {3}, ModelSpec.Activation.TANH, ModelSpec.Loss.MSE);
        Layout layout = network.layout(2);
        Random random = new Random(9);
        double[] fitted = IntStream.range(0, layout.size()).mapToDouble(i -> random.nextGaussian()).toArray();

        double[] original = scaling.toOriginalUnits(layout, fitted);

        Dataset scaled = scaling.apply(data.dataset());
        for (int r = 0; r < data.dataset().rows(); r++) {
            double a = output(fitted, scaled.feature(r, 0), scaled.feature(r, 1));
            double b = output(original, data.dataset().feature(r, 0), data.dataset().feature(r, 1));
            assertThat(b).isCloseTo(a, within(1e-9));
        }
    }

    @Test
    void standardisingSkewedFeaturesLowersTheirConditionNumberAndSaysItPays() {
        LoadedData data = skewed();

        Standardization scaling = Standardization.of(data.summary());
        Conditioning conditioning = Conditioning.of(Moments.of(data.dataset()), scaling.means(), scaling.scales());

        assertThat(conditioning.asGiven()).isGreaterThan(1e6);
        assertThat(conditioning.standardised()).isLessThan(2);
        assertThat(conditioning.worthStandardising()).isTrue();
        LoadedData lesson = dev.lrsweep.driver.data.SyntheticData.generate(new SyntheticDataConfig(100, SyntheticDataConfig.Task.REGRESSION,
                new double[] {0.1}, 0.5, 0.05, 42L));
        Standardization lessonScaling = Standardization.of(lesson.summary());
        assertThat(Conditioning.of(Moments.of(lesson.dataset()), lessonScaling.means(), lessonScaling.scales())
                .worthStandardising()).as("the lesson's data are fine as given").isFalse();
    }

    /** d = 2 → 3 tanh units → 1, parameters W1 (2×3), b1 (3), W2 (3), b2, written out by hand. */
    private static double output(double[] p, double x0, double x1) {
        double out = p[12];
        for (int c = 0; c < 3; c++) {
            out += p[9 + c] * Math.tanh(x0 * p[c] + x1 * p[3 + c] + p[6 + c]);
        }
        return out;
    }

    private static double[] values(java.util.Map<String, Object> tree) {
        double[] weights = (double[]) tree.get("weights");
        return new double[] {weights[0], weights[1], (double) tree.get("bias")};
    }
}
