package dev.lrsweep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seeded starts against their definitions, on a convolution (fan-in 2·5·5 = 50, fan-out 400·5·5 = 10,000) and
 * a dense layer (fan-in 400·4·4 = 6,400, fan-out 10): bounds exact, standard deviations within 3% on 20,000 and
 * 64,000 draws (their sampling error is under 0.6%).
 */
class InitSchemeTest {
    private static final ModelSpec NETWORK = ModelSpec.network(List.of(
            new Layer.Conv2d(400, 5, 1, Layer.Padding.VALID, ModelSpec.Activation.RELU), new Layer.Flatten(),
            new Layer.Dense(10, ModelSpec.Activation.NONE)), ModelSpec.Loss.CROSS_ENTROPY, Shape.image(2, 8, 8));
    private static final Layout LAYOUT = NETWORK.layout(128);

    private static double[] array(Parameters parameters, String name) {
        int from = 0;
        for (Layout.Array array : LAYOUT.arrays()) {
            if (array.name().equals(name)) {
                return Arrays.copyOfRange(parameters.values(), from, from + array.size());
            }
            from += array.size();
        }
        throw new AssertionError(name);
    }

    private static double largest(double[] values) {
        return Arrays.stream(values).map(Math::abs).max().orElseThrow();
    }

    private static double deviation(double[] values) {
        return Math.sqrt(Arrays.stream(values).map(v -> v * v).average().orElseThrow());
    }

    @Test
    void pytorchDrawsWeightsAndBiasesUniformWithinOneOverRootFanIn() {
        Parameters start = InitScheme.PYTORCH.draw(LAYOUT, 7);
        double conv = 1 / Math.sqrt(50);
        double dense = 1 / Math.sqrt(6400);

        assertThat(largest(array(start, "W1"))).isLessThanOrEqualTo(conv);
        assertThat(deviation(array(start, "W1"))).isCloseTo(conv / Math.sqrt(3), within(0.03 * conv / Math.sqrt(3)));
        assertThat(largest(array(start, "b1"))).isLessThanOrEqualTo(conv).isGreaterThan(0);
        assertThat(largest(array(start, "W2"))).isLessThanOrEqualTo(dense);
        assertThat(deviation(array(start, "W2"))).isCloseTo(dense / Math.sqrt(3), within(0.03 * dense / Math.sqrt(3)));
        assertThat(largest(array(start, "b2"))).isLessThanOrEqualTo(dense).isGreaterThan(0);
    }

    @Test
    void theOtherSchemesDrawWeightsByTheirFansAndZeroBiases() {
        Parameters lecun = InitScheme.LECUN_NORMAL.draw(LAYOUT, 7);
        Parameters glorot = InitScheme.GLOROT_UNIFORM.draw(LAYOUT, 7);
        Parameters he = InitScheme.HE_NORMAL.draw(LAYOUT, 7);
        double convBound = Math.sqrt(6.0 / (50 + 10000));

        assertThat(deviation(array(lecun, "W1"))).isCloseTo(Math.sqrt(1.0 / 50), within(0.03 * Math.sqrt(1.0 / 50)));
        assertThat(deviation(array(he, "W2"))).isCloseTo(Math.sqrt(2.0 / 6400), within(0.03 * Math.sqrt(2.0 / 6400)));
        assertThat(largest(array(glorot, "W1"))).isLessThanOrEqualTo(convBound).isGreaterThan(0.99 * convBound);
        assertThat(largest(array(glorot, "W2"))).isLessThanOrEqualTo(Math.sqrt(6.0 / 6410));
        for (Parameters start : List.of(lecun, glorot, he)) {
            assertThat(array(start, "b1")).containsOnly(0.0);
            assertThat(array(start, "b2")).containsOnly(0.0);
        }
    }

    @Test
    void aSeedGivesTheSameStartEveryTimeAndAnotherSeedAnother() {
        assertThat(InitScheme.PYTORCH.draw(LAYOUT, 7).values()).isEqualTo(InitScheme.PYTORCH.draw(LAYOUT, 7).values());
        assertThat(InitScheme.PYTORCH.draw(LAYOUT, 8).values()).isNotEqualTo(InitScheme.PYTORCH.draw(LAYOUT, 7).values());
    }
}
