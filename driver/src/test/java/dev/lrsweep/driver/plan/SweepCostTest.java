package dev.lrsweep.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import org.junit.jupiter.api.Test;

class SweepCostTest {
    private static SweepConfig config(String grid) {
        return ConfigLoader.parse("data: {synthetic: {weights: [1]}}\ngrid: " + grid + "\n", "t.yaml");
    }

    private static SweepCost cost(SweepConfig config, long rows, int cores) {
        return SweepCost.of(config, config.model(), SweepGrid.of(config.grid()), rows, 1, cores);
    }

    /** The default sweep's size fits in seconds; a billion steps are foreseen as days and said so. */
    @Test
    void aSweepOfABillionStepsIsForeseenAsLongAndTheLessonIsNot() {
        SweepCost lesson = cost(config("{learning_rates: {from: 0.001, to: 10, count: 20}, steps: [10, 1000]}"), 100, 2);
        SweepCost billion = cost(config("{learning_rates: [0.1, 0.2], steps: [1000000000]}"), 100, 2);

        assertThat(lesson.isLong()).isFalse();
        assertThat(lesson.seconds()).isBetween(0.15, 1.5);
        assertThat(billion.isLong()).isTrue();
        assertThat(billion.duration()).endsWith("days");
    }

    /** The rows dominate: four copies of 8-byte values; the recorded curves stay bounded whatever the step count. */
    @Test
    void theMemoryEstimateCountsTheRowsAndTheBoundedCurves() {
        SweepConfig config = config("{learning_rates: [0.1, 0.2], steps: [1000000000]}");

        SweepCost cost = cost(config, 1_000_000, 1);

        assertThat(cost.driverBytes()).isBetween(4L * 1_000_000 * 2 * 8, 4L * 1_000_000 * 2 * 8 + 2L * 2000 * 80 + 1000);
        assertThatThrownBy(() -> cost.checkFits("data.synthetic.rows", 10_000_000))
                .isInstanceOf(SweepInputException.class)
                .hasMessageStartingWith("data.synthetic.rows: the sweep needs about 0.1 GB of driver memory");
        cost.checkFits("data.synthetic.rows", 1_000_000_000);
    }

    /** Ten thousand features: the (d+1)² matrices alone need gigabytes, and their decompositions hours. */
    @Test
    void wideDataCountsItsMatricesAndTheirDecompositions() {
        SweepConfig config = config("{learning_rates: [0.1], steps: [10]}");

        SweepCost wide = SweepCost.of(config, config.model(), SweepGrid.of(config.grid()), 100, 10_000, 1);
        SweepCost narrow = SweepCost.of(config, config.model(), SweepGrid.of(config.grid()), 100, 10, 1);

        assertThat(wide.driverBytes()).isGreaterThan(6L * 10_000 * 10_000 * 8);
        assertThat(wide.isLongTheory()).isTrue();
        assertThat(wide.theoryDuration()).endsWith("days");
        assertThat(narrow.isLongTheory()).isFalse();
    }

    /**
     * Logistic regression and networks touch every row each step: B4's shape (100,000 rows, 32 features,
     * 16 rates in two tasks on two cores, 500 steps) is foreseen near its measured 30-60 s, where linear
     * least squares on the same shape takes well under a second; a network also pays its sharpness.
     */
    @Test
    void stepsThatTouchEveryRowAreForeseenByTheirWork() {
        String grid = "grid: {learning_rates: {from: 0.01, to: 1000, count: 16}, steps: [100, 500], rates_per_task: 8}\n";
        SweepConfig logistic = ConfigLoader.parse("data: {synthetic: {weights: [1]}}\nmodel: {kind: logistic}\n" + grid,
                "t.yaml");
        SweepConfig linear = ConfigLoader.parse("data: {synthetic: {weights: [1]}}\n" + grid, "t.yaml");
        SweepConfig network = ConfigLoader.parse("data: {synthetic: {weights: [1]}}\nmodel: {kind: mlp}\n" + grid,
                "t.yaml");

        double logisticSeconds = SweepCost.of(logistic, logistic.model(), SweepGrid.of(logistic.grid()), 100_000, 32, 2).seconds();
        double linearSeconds = SweepCost.of(linear, linear.model(), SweepGrid.of(linear.grid()), 100_000, 32, 2).seconds();
        double networkSeconds = SweepCost.of(network, network.model(), SweepGrid.of(network.grid()), 10_000, 8, 2).seconds();

        assertThat(logisticSeconds).isBetween(15.0, 60.0);
        assertThat(linearSeconds).isLessThan(2.0);
        // 500 steps and 2 sharpness measurements of 24 evaluations, each over 10,000 rows × 8 models × 417 units
        assertThat(networkSeconds).isBetween(20.0, 80.0);
    }

    /**
     * A convolutional network is foreseen by its convolution's products and outputs, not its parameters: B7's
     * first 8 rates (the digits network, 1,797 images of 8×8, 500 steps and the sharpness at the start and at both
     * step counts, one task on one core, twins off) took 30.8 s (2026-12-07); counted as a dense network's
     * parameters and units, it was foreseen at 130 s.
     */
    @Test
    void aConvolutionalNetworkIsForeseenByItsProductsAndOutputs() {
        SweepConfig digits = ConfigLoader.parse("""
                data: {synthetic: {weights: [1]}, image: {shape: [1, 8, 8]}}
                model:
                  loss: cross_entropy
                  layers:
                    - conv2d: {filters: 8, kernel: 3, activation: relu}
                    - max_pool: {size: 2}
                    - flatten: {}
                    - dense: {units: 10}
                grid: {learning_rates: {from: 0.001, to: 10, count: 8}, steps: [100, 500], rates_per_task: 8}
                regimes: {sensitivity: off}
                """, "t.yaml");
        ModelSpec model = digits.model().withClasses(10);

        double seconds = SweepCost.of(digits, model, SweepGrid.of(digits.grid()), 1_797, 64, 1).seconds();

        // 548 evaluations of 8 models × 1,797 rows × 2,431 units at 2 ns, against 30.8 s measured
        assertThat(SweepCost.rowWork(model, 64)).isCloseTo(0.15 * 8 * 36 * 9 + 4 * 8 * 36 + (72 + 1 + 16) * 10,
                within(1e-9));
        assertThat(seconds).isBetween(30.8 / 1.5, 30.8 * 1.5);
    }

    /**
     * A network of two 4,096-unit layers on 200 rows (1 feature, 4·4096 + 4096² + 1 parameters): its rows are
     * nothing beside its parameter arrays and its block-diagonal second layer (models² × 4096² values). Two models
     * and their twins are refused, naming the layers and the estimate; one model alone fits in 12 GB.
     */
    /**
     * A network's row arrays count every hidden layer's units, and take 6 bytes a value in float32 (both measured:
     * docs/memory-model.md); its parameters take the precision's bytes.
     */
    @Test
    void aTasksRowArraysCountEveryHiddenLayerAndFloat32sMeasuredBytes() {
        ModelSpec twoLayers = ModelSpec.mlp(new int[] {128, 64}, ModelSpec.Activation.TANH, ModelSpec.Loss.CROSS_ENTROPY);
        long rows = 2_000;
        int models = 8;

        long float64 = SweepCost.taskGraphBytes(twoLayers, rows, 4, models, Precision.FLOAT64);
        long float32 = SweepCost.taskGraphBytes(twoLayers, rows, 4, models, Precision.FLOAT32);

        long values = SweepCost.ROW_ARRAYS * rows * models * (128 + 64);
        long design = 2 * 8 * rows * 5;
        assertThat(float64).isEqualTo(8 * values + design
                + SweepCost.parameterBytes(twoLayers, 4, models, Precision.FLOAT64));
        assertThat(float32).isEqualTo(6 * values + design
                + SweepCost.parameterBytes(twoLayers, 4, models, Precision.FLOAT32));
        assertThat(SweepCost.parameterBytes(twoLayers, 4, models, Precision.FLOAT32) * 2)
                .isEqualTo(SweepCost.parameterBytes(twoLayers, 4, models, Precision.FLOAT64));
    }

    @Test
    void wideNetworksAreRefusedForTheirParametersNamingTheLayersAndTheEstimate() {
        dev.lrsweep.worker.model.ModelSpec wide = dev.lrsweep.worker.model.ModelSpec.mlp(new int[] {4096, 4096},
                dev.lrsweep.worker.model.ModelSpec.Activation.TANH, dev.lrsweep.worker.model.ModelSpec.Loss.MSE);
        long task = 12L << 30;
        long parameters = 4 * 4096 + 4096L * 4096 + 1;
        // a dense layer after the first is a batch of k products: nothing beyond the parameter arrays
        long four = 8L * SweepCost.PARAMETER_ARRAYS * 4 * parameters;
        long one = 8L * SweepCost.PARAMETER_ARRAYS * parameters;

        assertThat(SweepCost.parameterBytes(wide, 1, 4, Precision.FLOAT64)).isEqualTo(four);
        assertThatThrownBy(() -> SweepCost.checkParametersFit(wide, 1, 4, Precision.FLOAT64, task))
                .isInstanceOf(SweepInputException.class)
                .hasMessageStartingWith("model.hidden: [4096, 4096]: a task's graph of 4 models (" + parameters
                        + " parameters each) would hold about " + SweepCost.gigabytes(four) + " for its parameters alone")
                .hasMessageContaining("(1 holds " + SweepCost.gigabytes(one) + ")");
        SweepCost.checkParametersFit(wide, 1, 1, Precision.FLOAT64, task);
        // a convolution after the first layer with parameters holds masked kernels: k² blocks of its 6 × 4·3·3
        // kernels, beside the parameter arrays that grow with the models
        ModelSpec convolutions = ModelSpec.network(java.util.List.of(
                new Layer.Conv2d(4, 3, 1, Layer.Padding.VALID, ModelSpec.Activation.RELU),
                new Layer.Conv2d(6, 3, 1, Layer.Padding.VALID, ModelSpec.Activation.RELU),
                new Layer.Flatten(), new Layer.Dense(1, ModelSpec.Activation.NONE)),
                ModelSpec.Loss.MSE, Shape.image(1, 8, 8));
        assertThat(SweepCost.parameterBytes(convolutions, 64, 8, Precision.FLOAT64)).isEqualTo(
                8L * SweepCost.PARAMETER_ARRAYS * 8 * convolutions.parameters(64)
                        + 8L * SweepCost.BLOCK_ARRAYS * 64 * (6 * 4 * 3 * 3));
        assertThat(SweepCost.parameterBytes(dev.lrsweep.worker.model.ModelSpec.linear(), 1000, 64,
                Precision.FLOAT64)).isZero();
    }

    /** The range test records every step: a million steps of twelve runs is refused on a 4 GB heap, one run is not. */
    @Test
    void rangeTestsWhoseTracesCannotFitAreRefusedNamingTheSteps() {
        long heap = 4L << 30;

        assertThatThrownBy(() -> SweepCost.checkRangeTestFits(12, 1_000_000, heap))
                .isInstanceOf(SweepInputException.class)
                .hasMessage("range_test.steps: 1000000: 12 runs would record about 9.6 GB of traces, more than the "
                        + "driver's heap allows (4.3 GB); use fewer steps, or give the driver more (SWEEP_JAVA_OPTS=-Xmx…)");
        SweepCost.checkRangeTestFits(1, 1_000_000, heap);
    }
}
