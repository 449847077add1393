package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Softmax regression's SameDiff graph against an independent float64 implementation: the loss
 * (1/n)·Σ logsumexp(z_i) − z_{i,y_i} and its gradient (1/n)·Σ a_i (softmax(z_i) − e_{y_i})ᵀ written out by hand,
 * and PyTorch's update rules on plain arrays, on a 4-class set, in full batches and mini-batches.
 */
class SoftmaxRegressionTest {
    private static final int CLASSES = 4;
    private static final int[] STEPS = {1, 9, 60};

    /** Four classes around four centres in 3 features, overlapping (no separation: the optimum is finite). */
    static Dataset fourClasses(int rows, long seed) {
        double[][] centres = {{1, 0, 0}, {0, 1, 0}, {-1, -1, 0.5}, {0.5, -0.5, -1}};
        Random random = new Random(seed);
        double[] x = new double[rows * 3];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(CLASSES);
            y[i] = c;
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = centres[c][j] + 1.2 * random.nextGaussian();
            }
        }
        return new Dataset(rows, 3, x, y);
    }

    /** The loss at θ (weights d×K row-major, then K biases) and, into {@code gradient}, its gradient. */
    static double lossAndGradient(Dataset data, int classes, double[] theta, double[] gradient) {
        int d = data.features();
        Arrays.fill(gradient, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < data.rows(); i++) {
            int label = (int) data.y()[i];
            double largest = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                z[c] = theta[d * classes + c];
                for (int j = 0; j < d; j++) {
                    z[c] += data.feature(i, j) * theta[j * classes + c];
                }
                largest = Math.max(largest, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - largest);
            }
            loss += largest + Math.log(sum) - z[label];
            for (int c = 0; c < classes; c++) {
                double residual = Math.exp(z[c] - largest) / sum - (c == label ? 1 : 0);
                for (int j = 0; j < d; j++) {
                    gradient[j * classes + c] += residual * data.feature(i, j) / data.rows();
                }
                gradient[d * classes + c] += residual / data.rows();
            }
        }
        return loss / data.rows();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Optimizer optimizer : List.of(Optimizer.gd(), Optimizer.momentum(0.9), Optimizer.adam(0.9, 0.999, 1e-8))) {
            double[] rates = optimizer.kind() == Optimizer.Kind.ADAM ? new double[] {0.001, 0.03, 0.3}
                    : new double[] {0.05, 0.5, 3};
            cases.add(Arguments.of(optimizer, TrialBatch.FULL_BATCH, rates));
            cases.add(Arguments.of(optimizer, 16, rates));
        }
        return cases.stream();
    }

    /** Parameters, losses on all the rows and accuracies equal the hand-derived descent's to 1e-9 relative. */
    @ParameterizedTest(name = "{0}, batch {1}")
    @MethodSource("cases")
    void everyCellEqualsAHandDerivedImplementation(Optimizer optimizer, int batchSize, double[] rates) {
        Dataset data = fourClasses(70, 3);
        ModelSpec model = ModelSpec.softmax(CLASSES);
        Parameters start = new Parameters(model.layout(3), new Random(8).doubles(16, -0.2, 0.2).toArray());
        long seed = batchSize == TrialBatch.FULL_BATCH ? 0 : 5;
        List<Trajectory> fitted = BatchDescent.fit(data, new TrialBatch(rates, STEPS, model, start, 1e6, 5,
                Precision.FLOAT64).with(optimizer, batchSize, seed));
        for (int r = 0; r < rates.length; r++) {
            List<double[]> expected = ReferenceDescent.states(data, start.values(), optimizer, rates[r], batchSize,
                    seed, STEPS, (rows, theta, gradient) -> lossAndGradient(rows, CLASSES, theta, gradient));
            for (int s = 0; s < STEPS.length; s++) {
                FitState state = fitted.get(r).states().get(s);
                String cell = optimizer + ", batch " + batchSize + ", rate " + rates[r] + ", " + STEPS[s] + " steps";
                assertThat(state.status()).as(cell).isEqualTo(TrialStatus.OK);
                double[] want = expected.get(s);
                double scale = Math.max(1, Arrays.stream(want).map(Math::abs).max().orElseThrow());
                assertThat(state.parameters().values()).as(cell).containsExactly(want, within(1e-9 * scale));
                double loss = lossAndGradient(data, CLASSES, want, new double[want.length]);
                assertThat(state.loss()).as(cell + " loss").isCloseTo(loss, within(1e-9 * loss));
                assertThat(state.accuracy()).as(cell + " accuracy").isEqualTo(accuracy(data, want));
            }
        }
    }

    /**
     * At logits of ±2000 (an overshooting rate's) the loss stays finite and exact: each row's largest logit
     * comes out of the log-sum-exp before the exponential, where exp(2000) would be infinite.
     */
    @Test
    void theLossAndGradientStayFiniteAtHugeLogits() {
        Dataset data = fourClasses(30, 4);
        ModelSpec model = ModelSpec.softmax(CLASSES);
        double[] theta = new double[16];
        theta[12] = 2000;
        theta[13] = -2000;
        ModelGraph graph = model.family().graph(data, model, new Parameters(model.layout(3), theta), 1,
                Precision.FLOAT64);
        double[] gradient = new double[16];
        double loss = lossAndGradient(data, CLASSES, theta, gradient);

        DescentModels.Evaluation evaluation = graph.evaluate();

        assertThat(loss).isGreaterThan(1000);
        assertThat(evaluation.losses()[0]).isCloseTo(loss, within(1e-12 * loss));
        for (int j = 0; j < 16; j++) {
            assertThat(evaluation.gradient().getDouble(j, 0)).as("gradient %d", j).isCloseTo(gradient[j], within(1e-12));
        }
    }

    /**
     * A small loss never falls below 0 by rounding: each row's loss is formed before the mean, both of its terms at
     * least 0, where the difference of two means of logits near 100 would leave a float32 loss of rounding's sign
     * (about ±1e-5). It is as exact as a sum of probabilities near 1 allows: within float32's rounding of 1
     * (6e-8) and a few times float64's (1.1e-16).
     */
    @Test
    void aSmallLossNeverFallsBelowZeroByRounding() {
        double[][] centres = {{1, 0, 0}, {0, 1, 0}, {-1, -1, 0.5}, {0.5, -0.5, -1}};
        Dataset separated = separated(fourClasses(40, 6), centres);
        ModelSpec model = ModelSpec.softmax(CLASSES);
        // the classes' centres as weights, scaled until every row is far on its own class's side
        double[] theta = new double[16];
        for (int j = 0; j < 3; j++) {
            for (int c = 0; c < CLASSES; c++) {
                theta[j * CLASSES + c] = 60 * centres[c][j];
            }
        }
        double exact = lossAndGradient(separated, CLASSES, theta, new double[16]);
        Parameters start = new Parameters(model.layout(3), theta);

        double float32 = model.family().graph(separated, model, start, 1, Precision.FLOAT32).evaluate().losses()[0];
        double float64 = model.family().graph(separated, model, start, 1, Precision.FLOAT64).evaluate().losses()[0];

        assertThat(exact).isBetween(1e-30, 1e-6);
        assertThat(float32).isGreaterThanOrEqualTo(0).isCloseTo(exact, within(6e-8));
        assertThat(float64).isGreaterThanOrEqualTo(0).isCloseTo(exact, within(1e-15));
    }

    /** The rows moved onto their own class's centre, so that a large multiple of the centres separates them. */
    private static Dataset separated(Dataset data, double[][] centres) {
        double[] x = new double[data.rows() * 3];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = centres[(int) data.y()[i]][j] + 0.05 * data.feature(i, j);
            }
        }
        return new Dataset(data.rows(), 3, x, data.y());
    }

    /** Two classes of softmax are logistic regression on the logit difference: at w = w₁ − w₀ the losses agree. */
    @Test
    void twoClassesOfSoftmaxAreLogisticRegression() {
        Dataset data = ModelFamiliesTest.classes(50, new double[] {2, -1}, 6);
        double[] softmax = {0.3, -0.4, -0.2, 0.5, 0.1, 0.25};
        double[] logistic = {softmax[1] - softmax[0], softmax[3] - softmax[2], softmax[5] - softmax[4]};
        ModelSpec two = ModelSpec.softmax(2);

        double a = two.family().graph(data, two, new Parameters(two.layout(2), softmax), 1, Precision.FLOAT64)
                .evaluate().losses()[0];
        double b = ModelSpec.logistic().family().graph(data, ModelSpec.logistic(),
                new Parameters(ModelSpec.logistic().layout(2), logistic), 1, Precision.FLOAT64).evaluate().losses()[0];

        assertThat(a).isCloseTo(b, within(1e-14));
    }

    private static double accuracy(Dataset data, double[] theta) {
        int d = data.features();
        int right = 0;
        for (int i = 0; i < data.rows(); i++) {
            int best = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double z = theta[d * CLASSES + c];
                for (int j = 0; j < d; j++) {
                    z += data.feature(i, j) * theta[j * CLASSES + c];
                }
                if (z > bestLogit) {
                    bestLogit = z;
                    best = c;
                }
            }
            right += best == (int) data.y()[i] ? 1 : 0;
        }
        return (double) right / data.rows();
    }
}
