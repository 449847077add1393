package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.Sharpness;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A convolutional network's k-model graph (filters stacked as output channels, later layers block-diagonal) against
 * {@link ReferenceLayers}, a forward and backward pass written by hand in loops over pixels: every cell of a 3×3
 * grid of rates and step counts, for gd, momentum and Adam, in full batches and mini-batches, to 1e-9 relative.
 */
class ConvolutionalNetworkTest {
    private static final Shape IMAGE = Shape.image(2, 8, 8);
    private static final int CLASSES = 3;
    private static final int[] STEPS = {1, 8, 30};

    /** conv, max-pool, a second conv (its kernels masked to each model's channels), avg-pool, flatten, dense, softmax. */
    static final ModelSpec NETWORK = ModelSpec.network(List.of(
            new Layer.Conv2d(3, 3, 1, Layer.Padding.VALID, ModelSpec.Activation.TANH),
            new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 1),
            new Layer.Conv2d(2, 2, 1, Layer.Padding.SAME, ModelSpec.Activation.SIGMOID),
            new Layer.Pool(Layer.PoolKind.AVG_POOL, 2, 2),
            new Layer.Flatten(),
            new Layer.Dense(4, ModelSpec.Activation.GELU),
            new Layer.Dense(CLASSES, ModelSpec.Activation.NONE)), ModelSpec.Loss.CROSS_ENTROPY, IMAGE)
            .withClasses(CLASSES);

    /**
     * Networks whose first convolution and the pooling after it (windows that do not overlap) run as one product
     * laid out window by window: max pooling after a nondecreasing activation (which then runs after the pooling),
     * here tanh on 7×7 outputs whose last row and column no window covers; average pooling after gelu (which does
     * not commute with it); relu under max pooling on images whose zero borders make windows of equal values; and
     * the same followed by a second convolution (the pooled values laid out again as NCHW images).
     */
    static final ModelSpec TANH_MAX_POOL = network(IMAGE, new Layer.Conv2d(3, 2, 1, Layer.Padding.VALID,
            ModelSpec.Activation.TANH), new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 2), new Layer.Flatten(),
            new Layer.Dense(CLASSES, ModelSpec.Activation.NONE)).withClasses(CLASSES);
    static final ModelSpec GELU_AVG_POOL = network(IMAGE, new Layer.Conv2d(4, 3, 1, Layer.Padding.SAME,
            ModelSpec.Activation.GELU), new Layer.Pool(Layer.PoolKind.AVG_POOL, 2, 2), new Layer.Flatten(),
            new Layer.Dense(5, ModelSpec.Activation.RELU), new Layer.Dense(CLASSES, ModelSpec.Activation.NONE))
            .withClasses(CLASSES);
    static final ModelSpec RELU_MAX_POOL = network(IMAGE, new Layer.Conv2d(3, 3, 1, Layer.Padding.VALID,
            ModelSpec.Activation.RELU), new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 2), new Layer.Flatten(),
            new Layer.Dense(CLASSES, ModelSpec.Activation.NONE)).withClasses(CLASSES);
    static final ModelSpec RELU_MAX_POOL_CONV = network(IMAGE, new Layer.Conv2d(3, 3, 1, Layer.Padding.VALID,
            ModelSpec.Activation.RELU), new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 2), new Layer.Conv2d(2, 2, 1,
            Layer.Padding.SAME, ModelSpec.Activation.TANH), new Layer.Flatten(),
            new Layer.Dense(CLASSES, ModelSpec.Activation.NONE)).withClasses(CLASSES);

    /** Noisy images whose class is which of three regions (left, right, bottom) is brightest in channel 0. */
    static Dataset images(int rows, long seed) {
        Random random = new Random(seed);
        int size = (int) IMAGE.size();
        double[] x = new double[rows * size];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            int label = random.nextInt(CLASSES);
            y[r] = label;
            for (int c = 0; c < IMAGE.channels(); c++) {
                for (int i = 0; i < IMAGE.height(); i++) {
                    for (int j = 0; j < IMAGE.width(); j++) {
                        boolean lit = c == 0 && (label == 0 ? j < 3 : label == 1 ? j > 4 : i > 4);
                        x[r * size + (c * IMAGE.height() + i) * IMAGE.width() + j] = (lit ? 0.8 : 0)
                                + 0.5 * random.nextGaussian();
                    }
                }
            }
        }
        return new Dataset(rows, size, x, y);
    }

    /**
     * {@link #images} with every pixel outside a 4×4 square exactly 0, as a digit's border is: every window of a
     * 3×3 kernel's outputs there is the filter's bias alone, so max pooling meets equal values (the gradient goes
     * to the first, as PyTorch's).
     */
    static Dataset bordered(int rows, long seed) {
        Dataset data = images(rows, seed);
        double[] x = data.x();
        int size = (int) IMAGE.size();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < IMAGE.channels(); c++) {
                for (int i = 0; i < IMAGE.height(); i++) {
                    for (int j = 0; j < IMAGE.width(); j++) {
                        if (i < 2 || i > 5 || j < 2 || j > 5) {
                            x[r * size + (c * IMAGE.height() + i) * IMAGE.width() + j] = 0;
                        }
                    }
                }
            }
        }
        return new Dataset(rows, size, x, data.y());
    }

    private static Parameters start() {
        return start(NETWORK);
    }

    private static Parameters start(ModelSpec network) {
        var layout = network.layout((int) IMAGE.size());
        return new Parameters(layout, new Random(11).doubles(layout.size(), -0.4, 0.4).toArray());
    }

    /**
     * The sharpness of a relu network under max pooling on scikit-learn's digits (pixels 0 to 16), from PyTorch's
     * start: on the first 300 digits and 2 filters, each of 3 models at that point, each from its own random
     * vector, measures the largest eigenvalue of the Hessian built from the hand-written reference's gradients
     * (central differences of 1e-8), to 1e-5; on all 1,797 digits and the example's 8 filters the 3 measurements
     * agree to 1e-5 (12 Lanczos iterations). With differences of 1e-5·‖θ‖ the gradients at θ ± h·v fell on either
     * side of relu's and the windows' kinks there, and the measurements scattered from 1.4 to 2.3 (to 3.9 with 60
     * iterations).
     */
    @Test
    void theSharpnessOfAReluNetworkUnderMaxPoolingIsItsHessiansLargestEigenvalue() throws IOException {
        ModelSpec small = digitsNetwork(2);
        Dataset first = digits(300);
        Parameters start = InitScheme.PYTORCH.draw(small.layout(64), 7);

        double[] measured = Sharpness.of(small.family().graph(first, small, start, 3, Precision.FLOAT64));

        ReferenceLayers reference = new ReferenceLayers(small, 64);
        double exact = ReferenceDescent.largestHessianEigenvalue(start.values(), 1e-8,
                (theta, gradient) -> reference.lossAndGradient(first, theta, gradient));
        for (double sharpness : measured) {
            assertThat(sharpness).isCloseTo(exact, within(1e-5 * exact));
        }

        ModelSpec example = digitsNetwork(8);
        double[] all = Sharpness.of(example.family().graph(digits(1_797), example,
                InitScheme.PYTORCH.draw(example.layout(64), 7), 3, Precision.FLOAT64));
        for (double sharpness : all) {
            assertThat(sharpness).isCloseTo(all[0], within(1e-5 * all[0]));
        }
    }

    /** conf/examples/digits.yaml's network with {@code filters} filters: conv 3×3 relu, max-pool 2, dense 10. */
    private static ModelSpec digitsNetwork(int filters) {
        return network(Shape.image(1, 8, 8), new Layer.Conv2d(filters, 3, 1, Layer.Padding.VALID,
                ModelSpec.Activation.RELU), new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 2), new Layer.Flatten(),
                new Layer.Dense(10, ModelSpec.Activation.NONE)).withClasses(10);
    }

    /** The first {@code rows} of scikit-learn's digits (conf/examples/data/digits.csv). */
    private static Dataset digits(int rows) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "conf", "examples", "data", "digits.csv"));
        double[] x = new double[rows * 64];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            String[] fields = lines.get(r + 1).split(",");
            for (int j = 0; j < 64; j++) {
                x[r * 64 + j] = Double.parseDouble(fields[j]);
            }
            y[r] = Double.parseDouble(fields[64]);
        }
        return new Dataset(rows, 64, x, y);
    }

    @Test
    void theHandWrittenReferenceIsItselfRightByFiniteDifferences() {
        Dataset data = images(12, 4);
        ReferenceLayers reference = new ReferenceLayers(NETWORK, (int) IMAGE.size());
        double[] theta = start().values();
        double[] gradient = new double[theta.length];
        reference.lossAndGradient(data, theta, gradient);
        double[] unused = new double[theta.length];
        // every parameter of every layer: central differences, exact to about h² and rounding over h
        for (int j = 0; j < theta.length; j++) {
            double h = 1e-5;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double difference = (reference.lossAndGradient(data, up, unused)
                    - reference.lossAndGradient(data, down, unused)) / (2 * h);
            assertThat(gradient[j]).as("parameter %d", j).isCloseTo(difference, within(1e-8));
        }
    }

    static Stream<Arguments> networks() {
        return Stream.of(Arguments.of("two convolutions", NETWORK, images(20, 5)),
                Arguments.of("tanh, max-pool", TANH_MAX_POOL, images(20, 5)),
                Arguments.of("gelu, avg-pool", GELU_AVG_POOL, images(20, 5)),
                Arguments.of("relu, max-pool, equal values", RELU_MAX_POOL, bordered(20, 5)),
                Arguments.of("relu, max-pool, a convolution", RELU_MAX_POOL_CONV, bordered(20, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void theGraphsLossAndGradientOfThreeModelsEqualTheReferencesOfEach(String name, ModelSpec network,
                                                                        Dataset data) {
        var layout = network.layout((int) IMAGE.size());
        Random random = new Random(12);
        double[][] thetas = new double[3][];
        var graph = network.family().graph(data, network, start(network), 3, Precision.FLOAT64);
        for (int m = 0; m < 3; m++) {
            thetas[m] = random.doubles(layout.size(), -0.6, 0.6).toArray();
            graph.setParameters(m, new Parameters(layout, thetas[m]));
        }

        DescentModels.Evaluation evaluation = graph.evaluate();

        ReferenceLayers reference = new ReferenceLayers(network, (int) IMAGE.size());
        for (int m = 0; m < 3; m++) {
            double[] gradient = new double[layout.size()];
            double loss = reference.lossAndGradient(data, thetas[m], gradient);
            assertThat(evaluation.losses()[m]).as("model %d loss", m).isCloseTo(loss, within(1e-12 * loss));
            for (int j = 0; j < gradient.length; j++) {
                assertThat(evaluation.gradient().getDouble(j, m)).as("model %d, parameter %d", m, j)
                        .isCloseTo(gradient[j], within(1e-12));
            }
            assertThat(graph.accuracies()[m]).as("model %d accuracy", m).isEqualTo(reference.accuracy(data,
                    thetas[m]));
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Named.of("two convolutions", NETWORK), Optimizer.gd(), TrialBatch.FULL_BATCH, new double[] {0.03, 0.3, 1.0}),
                Arguments.of(Named.of("two convolutions", NETWORK), Optimizer.momentum(0.9), TrialBatch.FULL_BATCH,
                        new double[] {0.01, 0.05, 0.2}),
                Arguments.of(Named.of("two convolutions", NETWORK), Optimizer.adam(0.9, 0.999, 1e-8), 16, new double[] {0.001, 0.01, 0.05}),
                Arguments.of(Named.of("relu, max-pool", RELU_MAX_POOL), Optimizer.momentum(0.9), 16, new double[] {0.01, 0.05, 0.2}));
    }

    /** Parameters, losses on all the rows and accuracies equal the hand-written descent's to 1e-9 relative. */
    @ParameterizedTest(name = "{0}, {1}, batch {2}")
    @MethodSource("cases")
    void everyCellEqualsTheHandWrittenNetwork(ModelSpec network, Optimizer optimizer, int batchSize,
                                              double[] rates) {
        Dataset data = network == NETWORK ? images(40, 3) : bordered(40, 3);
        Parameters start = start(network);
        long seed = batchSize == TrialBatch.FULL_BATCH ? 0 : 9;
        List<Trajectory> fitted = BatchDescent.fit(data, new TrialBatch(rates, STEPS, network, start, 1e6, 5,
                Precision.FLOAT64).with(optimizer, batchSize, seed));
        ReferenceLayers reference = new ReferenceLayers(network, (int) IMAGE.size());
        for (int r = 0; r < rates.length; r++) {
            List<double[]> expected = ReferenceDescent.states(data, start.values(), optimizer, rates[r], batchSize,
                    seed, STEPS, reference::lossAndGradient);
            for (int s = 0; s < STEPS.length; s++) {
                FitState state = fitted.get(r).states().get(s);
                String cell = optimizer + ", batch " + batchSize + ", rate " + rates[r] + ", " + STEPS[s] + " steps";
                assertThat(state.status()).as(cell).isEqualTo(TrialStatus.OK);
                double[] want = expected.get(s);
                double scale = Math.max(1, Arrays.stream(want).map(Math::abs).max().orElseThrow());
                assertThat(state.parameters().values()).as(cell).containsExactly(want, within(1e-9 * scale));
                double loss = reference.lossAndGradient(data, want, new double[want.length]);
                assertThat(state.loss()).as(cell + " loss").isCloseTo(loss, within(1e-9 * loss));
                assertThat(state.accuracy()).as(cell + " accuracy").isEqualTo(reference.accuracy(data, want));
            }
        }
    }

    /** Each bad stack is refused in one line naming the layer by its place and the shapes. */
    @Test
    void aBadStackIsRefusedNamingTheLayerAndTheShapes() {
        int pixels = (int) IMAGE.size();
        assertThatThrownBy(() -> network(IMAGE, new Layer.Conv2d(4, 9, 1, Layer.Padding.VALID,
                ModelSpec.Activation.RELU), new Layer.Flatten(), new Layer.Dense(3, ModelSpec.Activation.NONE))
                .layout(pixels))
                .hasMessage("model.layers[0]: conv2d 4@9×9 relu: its kernel of 9×9 is larger than its input of 2×8×8");
        assertThatThrownBy(() -> network(IMAGE, new Layer.Pool(Layer.PoolKind.MAX_POOL, 3, 3),
                new Layer.Pool(Layer.PoolKind.AVG_POOL, 3, 3), new Layer.Flatten(),
                new Layer.Dense(3, ModelSpec.Activation.NONE)).layout(pixels))
                .hasMessage("model.layers[1]: avg_pool 3 leaves nothing of its input of 2×2×2 (a window of 3×3)");
        assertThatThrownBy(() -> network(IMAGE, new Layer.Dense(3, ModelSpec.Activation.NONE)).layout(pixels))
                .hasMessage("model.layers[0]: dense 3 none takes a vector, and its input is an image of 2×8×8 "
                        + "(add flatten before it)");
        assertThatThrownBy(() -> network(null, new Layer.Dense(20_000, ModelSpec.Activation.RELU),
                new Layer.Dense(3, ModelSpec.Activation.NONE)).layout(10_000))
                .hasMessage("model.layers[0] (dense 20000 relu): 200020000 parameters per model so far, more than "
                        + "the 100000000 a model may have");
        assertThatThrownBy(() -> network(IMAGE, new Layer.Flatten(), new Layer.Dense(3, ModelSpec.Activation.NONE))
                .layout(65))
                .hasMessage("data.image: an image of 2×8×8 is 128 values, and the rows have 65 features");
        assertThatThrownBy(() -> network(null, new Layer.Dense(3, ModelSpec.Activation.RELU)))
                .hasMessage("model.layers: the last layer is the output, a dense layer with activation none, not "
                        + "dense 3 relu");
        assertThatThrownBy(() -> ModelSpec.network(List.of(new Layer.Dense(3, ModelSpec.Activation.NONE)),
                ModelSpec.Loss.MSE, null))
                .hasMessage("model.layers: under mse the output is one linear unit, not 3");
        assertThatThrownBy(() -> NETWORK.withClasses(4))
                .hasMessage("model.layers: the output layer has 3 units, and the labels have 4 classes: give it 4 "
                        + "units");
    }

    private static ModelSpec network(Shape image, Layer... layers) {
        return ModelSpec.network(List.of(layers), ModelSpec.Loss.CROSS_ENTROPY, image);
    }
}
