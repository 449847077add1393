package dev.lrsweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.TrialStatus;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A model of your own against the same model as a built-in network: the same start, the same cells, to rounding;
 * and each kind of bad class refused in one line naming it.
 */
class CustomModelTest {
    private static final int[] STEPS = {5, 40, 150};

    /** A hidden tanh layer of {@code options.width} units and one linear output, under mean squared error. */
    public static final class TanhNet implements CustomModel {
        private final int width;

        public TanhNet(Map<String, Object> options) {
            width = ((Number) options.getOrDefault("width", 4)).intValue();
        }

        @Override
        public List<Parameter> parameters(int features) {
            return List.of(Parameter.weights("W1", features, features, width), Parameter.bias("b1", width),
                    Parameter.weights("W2", width, width, 1), Parameter.bias("b2", 1));
        }

        @Override
        public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
            return graph.math().square(prediction(graph, features, p).sub(labels)).mean();
        }

        private static SDVariable prediction(SameDiff graph, SDVariable x, Map<String, SDVariable> p) {
            SDVariable hidden = graph.math().tanh(x.mmul(p.get("W1")).add(p.get("b1")));
            return hidden.mmul(p.get("W2")).add(p.get("b2"));
        }
    }

    /** Softmax regression of {@code options.classes} classes, with its logits for the accuracy. */
    public static final class Softmax implements CustomModel {
        private final int classes;

        public Softmax(Map<String, Object> options) {
            classes = ((Number) options.get("classes")).intValue();
        }

        @Override
        public List<Parameter> parameters(int features) {
            return List.of(Parameter.weights("W", features, features, classes), Parameter.bias("b", classes));
        }

        @Override
        public SDVariable loss(SameDiff graph, SDVariable features, SDVariable oneHot, Map<String, SDVariable> p) {
            SDVariable logits = outputs(graph, features, p);
            SDVariable spread = graph.math().log(graph.math().exp(logits).sum(true, 1));
            return spread.sub(logits.mul(oneHot).sum(true, 1)).mean();
        }

        @Override
        public SDVariable outputs(SameDiff graph, SDVariable features, Map<String, SDVariable> p) {
            return features.mmul(p.get("W")).add(p.get("b"));
        }

        @Override
        public ModelSpec.Labels labels() {
            return ModelSpec.Labels.CLASSES;
        }
    }

    /** A loss per row, not their mean. */
    public static final class RowLosses implements CustomModel {
        @Override
        public List<Parameter> parameters(int features) {
            return List.of(Parameter.weights("w", features, features, 1));
        }

        @Override
        public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
            return graph.math().square(features.mmul(p.get("w")).sub(labels));
        }
    }

    /** Throws while its loss is built. */
    public static final class Throws implements CustomModel {
        @Override
        public List<Parameter> parameters(int features) {
            return List.of(Parameter.bias("b", 1));
        }

        @Override
        public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
            throw new IllegalStateException("no loss today");
        }
    }

    /** Not a model. */
    public static final class NotAModel {
    }

    private static ModelSpec custom(Class<?> type, Map<String, Object> options) {
        return ModelSpec.custom(CustomClass.load(type.getName(), options));
    }

    /**
     * The hidden-layer network of one's own, swept by gd and Adam, equals the built-in network of the same layers
     * from the same start, cell by cell, to 1e-12 relative: the same losses, parameters and sharpness.
     */
    @Test
    void aNetworkOfOnesOwnEqualsTheSameBuiltInNetwork() {
        Dataset data = TestData.linear(80, new double[] {0.5, -1, 2}, 0.3, 0.1, 6);
        ModelSpec own = custom(TanhNet.class, Map.of("width", 5));
        ModelSpec builtIn = ModelSpec.network(List.of(new Layer.Dense(5, ModelSpec.Activation.TANH),
                new Layer.Dense(1, ModelSpec.Activation.NONE)), ModelSpec.Loss.MSE, null);
        Parameters ownStart = InitScheme.PYTORCH.draw(own.layout(3), 11);
        Parameters builtInStart = InitScheme.PYTORCH.draw(builtIn.layout(3), 11);
        assertThat(ownStart.values()).containsExactly(builtInStart.values());
        double[] rates = {0.01, 0.1, 0.5, 2};
        for (Optimizer optimizer : List.of(Optimizer.gd(), Optimizer.adam(0.9, 0.999, 1e-8))) {
            List<Trajectory> ours = BatchDescent.fit(data, batch(own, ownStart, rates, optimizer));
            List<Trajectory> theirs = BatchDescent.fit(data, batch(builtIn, builtInStart, rates, optimizer));
            for (int r = 0; r < rates.length; r++) {
                for (int s = 0; s < STEPS.length; s++) {
                    FitState mine = ours.get(r).states().get(s);
                    FitState other = theirs.get(r).states().get(s);
                    String cell = optimizer + ", rate " + rates[r] + ", " + STEPS[s] + " steps";
                    assertThat(mine.status()).as(cell + " " + ours.get(r).failure()).isEqualTo(other.status());
                    if (other.status() != TrialStatus.OK) {
                        continue;
                    }
                    assertThat(mine.loss()).as(cell).isCloseTo(other.loss(), within(1e-12 * other.loss()));
                    assertThat(mine.parameters().values()).as(cell)
                            .containsExactly(other.parameters().values(), within(1e-12 * 10));
                    assertThat(mine.sharpness()).as(cell + " sharpness")
                            .isCloseTo(other.sharpness(), within(1e-6 * other.sharpness()));
                }
            }
        }
    }

    /** A classifier of one's own has an accuracy, and equals the built-in softmax regression on its classes. */
    @Test
    void aClassifierOfOnesOwnEqualsSoftmaxRegression() {
        Dataset data = threeClasses(90, 4);
        ModelSpec own = custom(Softmax.class, Map.of("classes", 3)).withClasses(3);
        ModelSpec builtIn = ModelSpec.network(List.of(new Layer.Dense(3, ModelSpec.Activation.NONE)),
                ModelSpec.Loss.CROSS_ENTROPY, null).withClasses(3);
        assertThat(own.labels()).isEqualTo(ModelSpec.Labels.CLASSES);
        Parameters start = InitScheme.PYTORCH.draw(own.layout(2), 5);
        double[] rates = {0.1, 1, 4};
        List<Trajectory> ours = BatchDescent.fit(data, batch(own, start, rates, Optimizer.gd()));
        List<Trajectory> theirs = BatchDescent.fit(data, batch(builtIn, new Parameters(builtIn.layout(2),
                start.values()), rates, Optimizer.gd()));
        for (int r = 0; r < rates.length; r++) {
            for (int s = 0; s < STEPS.length; s++) {
                FitState mine = ours.get(r).states().get(s);
                FitState other = theirs.get(r).states().get(s);
                assertThat(other.status()).as(theirs.get(r).failure()).isEqualTo(TrialStatus.OK);
                assertThat(mine.status()).as(ours.get(r).failure()).isEqualTo(TrialStatus.OK);
                assertThat(mine.loss()).isCloseTo(other.loss(), within(1e-12 * other.loss()));
                assertThat(mine.accuracy()).isEqualTo(other.accuracy()).isBetween(0.34, 1.0);
            }
        }
    }

    @Test
    void aLossThatIsNotAScalarIsRefusedNamingTheClass() {
        ModelSpec spec = custom(RowLosses.class, Map.of());
        assertThatThrownBy(() -> spec.family().check(spec, 3, Precision.FLOAT64))
                .hasMessage("model.class " + RowLosses.class.getName() + ": loss() gives an array of shape [3, 1] "
                        + "on 3 rows, not a scalar (take the mean over the rows)");
    }

    @Test
    void aClassThatThrowsWhileBuildingItsGraphIsRefusedNamingTheClass() {
        ModelSpec spec = custom(Throws.class, Map.of());
        assertThatThrownBy(() -> spec.family().check(spec, 3, Precision.FLOAT64))
                .hasMessage("model.class " + Throws.class.getName() + ": its graph failed on 3 rows: "
                        + "IllegalStateException: no loss today");
    }

    @Test
    void aMissingClassOrOneThatIsNoModelIsRefusedNamingIt() {
        assertThatThrownBy(() -> CustomClass.load("com.example.Missing", Map.of()))
                .hasMessage("model.class com.example.Missing: no such class on the classpath (give its jar with "
                        + "--jars)");
        assertThatThrownBy(() -> CustomClass.load(NotAModel.class.getName(), Map.of()))
                .hasMessage("model.class " + NotAModel.class.getName() + ": does not implement "
                        + CustomModel.class.getName());
        assertThatThrownBy(() -> CustomClass.load(Softmax.class.getName(), Map.of()))
                .hasMessageStartingWith("model.class " + Softmax.class.getName() + ": its constructor threw "
                        + "NullPointerException");
    }

    private static TrialBatch batch(ModelSpec model, Parameters start, double[] rates, Optimizer optimizer) {
        return new TrialBatch(rates, STEPS, model, start, 1e6, 10, Precision.FLOAT64, optimizer,
                TrialBatch.FULL_BATCH, 0, TrialBatch.NO_TWINS);
    }

    /** Three classes around three centres in the plane. */
    private static Dataset threeClasses(int rows, long seed) {
        Random random = new Random(seed);
        double[][] centres = {{1, 0}, {-0.5, 0.8}, {-0.5, -0.8}};
        double[] x = new double[rows * 2];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            x[2 * i] = centres[c][0] + 0.7 * random.nextGaussian();
            x[2 * i + 1] = centres[c][1] + 0.7 * random.nextGaussian();
            y[i] = c;
        }
        return new Dataset(rows, 2, x, y);
    }
}
