package dev.lrsweep.worker.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.model.LinearModel;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelGraphTest {

    static Stream<Arguments> graphsAndSeeds() {
        ModelSpec linear = ModelSpec.linear();
        Parameters origin = TestData.start(new double[3], 0);
        BiFunction<Dataset, Integer, ModelGraph> data = (d, k) -> new LinearModel().referenceGraph(d, linear, origin,
                Precision.FLOAT64);
        BiFunction<Dataset, Integer, ModelGraph> moments = (d, k) -> new LinearModel().graph(d, linear, origin, k,
                Precision.FLOAT64);
        return Stream.of(1, 2, 3, 4, 5).flatMap(seed -> Stream.of(
                Arguments.of("data graph", data, seed), Arguments.of("moment graph", moments, seed)));
    }

    /**
     * SameDiff's gradient equals the analytic MSE gradient (2/n)·Aᵀ(A·θ − y), A = [X | 1], at random points: at
     * a first point, and at a second one evaluated by the same graph, which must leave nothing from the first
     * (the program runs only the ops whose results can change, see GraphProgram).
     */
    @ParameterizedTest(name = "{0}, seed {2}")
    @MethodSource("graphsAndSeeds")
    void autodiffGradientsEqualTheAnalyticMeanSquaredErrorGradient(String name,
            BiFunction<Dataset, Integer, ModelGraph> build, int seed) {
        Random random = new Random(100 + seed);
        int n = 37;
        int d = 3;
        Dataset data = TestData.linear(n, new double[] {0.5, -1, 2}, 0.3, 0.2, seed);
        ModelGraph graph = build.apply(data, 4);
        for (int point = 0; point < 2; point++) {
            assertGradientAtRandomPoint(graph, data, random);
        }
    }

    private static void assertGradientAtRandomPoint(ModelGraph graph, Dataset data, Random random) {
        int n = data.rows();
        int d = data.features();
        int models = (int) graph.parameterMatrix().columns();
        double[][] w = new double[models][d];
        double[] b = new double[models];
        for (int m = 0; m < models; m++) {
            for (int j = 0; j < d; j++) {
                w[m][j] = 4 * random.nextDouble() - 2;
            }
            b[m] = 4 * random.nextDouble() - 2;
            graph.setParameters(m, TestData.start(w[m], b[m]));
        }

        DescentModels.Evaluation evaluation = graph.evaluate();

        for (int m = 0; m < models; m++) {
            double loss = 0;
            double[] gradW = new double[d];
            double gradB = 0;
            for (int i = 0; i < n; i++) {
                double residual = b[m] - data.y()[i];
                for (int j = 0; j < d; j++) {
                    residual += w[m][j] * data.feature(i, j);
                }
                loss += residual * residual / n;
                for (int j = 0; j < d; j++) {
                    gradW[j] += 2 * residual * data.feature(i, j) / n;
                }
                gradB += 2 * residual / n;
            }
            assertThat(evaluation.losses()[m]).isCloseTo(loss, within(1e-10));
            assertThat(evaluation.gradient().getDouble(d, m)).isCloseTo(gradB, within(1e-5));
            for (int j = 0; j < d; j++) {
                assertThat(evaluation.gradient().getDouble(j, m)).isCloseTo(gradW[j], within(1e-5));
            }
        }
    }

    /**
     * Many rows are evaluated in blocks (here 41,001 rows of 2 models: blocks of 20,501 and 20,500 rows, two shapes of
     * programs): the losses and gradients are still the means over all the rows, equal to logistic regression's
     * written by hand, softplus(z) − y·z and Aᵀ(σ(z) − y)/n, to 1e-13, at two points; at the second, the graph's and
     * accuracies too (their share of rows with the sign of z matching the label).
     */
    @Test
    void manyRowsAreEvaluatedInBlocksAndGiveTheMeansOverAllTheRows() {
        Random random = new Random(7);
        Dataset data = randomClasses(random);
        int n = data.rows();
        int d = data.features();
        double[] x = data.featuresNoCopy();
        double[] y = data.labelsNoCopy();
        ModelSpec logistic = ModelSpec.logistic();
        ModelGraph graph = logistic.family().graph(data, logistic, Parameters.filled(logistic.layout(d), 0), 2,
                Precision.FLOAT64);

        assertThat(graph.profile(1)).anyMatch(op -> op.inputs().startsWith("[20501, "));
        for (int point = 0; point < 2; point++) {
            double[][] theta = new double[2][d + 1];
            for (int m = 0; m < 2; m++) {
                for (int j = 0; j <= d; j++) {
                    theta[m][j] = 3 * random.nextGaussian();
                }
                graph.setParameters(m, new Parameters(logistic.layout(d), theta[m]));
            }
            DescentModels.Evaluation evaluation = graph.evaluate();
            double[] accuracies = graph.accuracies();
            for (int m = 0; m < 2; m++) {
                double loss = 0;
                double correct = 0;
                double[] gradient = new double[d + 1];
                for (int i = 0; i < n; i++) {
                    double z = theta[m][d];
                    for (int j = 0; j < d; j++) {
                        z += theta[m][j] * x[i * d + j];
                    }
                    loss += (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z) / n;
                    correct += (z > 0) == (y[i] == 1) ? 1 : 0;
                    double residual = 1 / (1 + Math.exp(-z)) - y[i];
                    for (int j = 0; j < d; j++) {
                        gradient[j] += residual * x[i * d + j] / n;
                    }
                    gradient[d] += residual / n;
                }
                assertThat(evaluation.losses()[m]).isCloseTo(loss, within(1e-13 * loss));
                assertThat(accuracies[m]).isCloseTo(correct / n, within(1e-13));
                for (int j = 0; j <= d; j++) {
                    assertThat(evaluation.gradient().getDouble(j, m)).as("model %d, parameter %d", m, j)
                            .isCloseTo(gradient[j], within(1e-13 * Math.abs(loss)));
                }
            }
        }
    }

    /**
     * A network in blocks (41,001 rows, 2 models of 4 tanh units: 10 blocks), whose layers' matrices are sliced from the
     * parameters once an evaluation, not once a block: its losses and gradient equal the row-weighted means of the
     * same network's on slices of at most 4,000 rows (one block each) to 1e-12, at two points, so the second
     * evaluation reads the layers' matrices of its own parameters.
     */
    @Test
    void aNetworkInBlocksSlicesItsParametersOnceAnEvaluationAndEqualsItsSlices() {
        Random random = new Random(11);
        Dataset data = randomClasses(random);
        int n = data.rows();
        int d = data.features();
        ModelSpec network = ModelSpec.mlp(new int[] {4}, ModelSpec.Activation.TANH, ModelSpec.Loss.CROSS_ENTROPY);
        Parameters zero = Parameters.filled(network.layout(d), 0);
        ModelGraph whole = network.family().graph(data, network, zero, 2, Precision.FLOAT64);
        assertThat(whole.profile(1)).extracting(GraphProgram.OpTime::op).anyMatch(op -> op.endsWith("(parameters)"));
        for (int point = 0; point < 2; point++) {
            double[][] theta = new double[2][zero.size()];
            for (int m = 0; m < 2; m++) {
                for (int j = 0; j < zero.size(); j++) {
                    theta[m][j] = random.nextGaussian();
                }
                whole.setParameters(m, new Parameters(network.layout(d), theta[m]));
            }
            DescentModels.Evaluation evaluation = whole.evaluate();
            double[] losses = new double[2];
            double[] gradient = new double[zero.size() * 2];
            for (int from = 0; from < n; from += 4000) {
                Dataset slice = data.slice(from, Math.min(n, from + 4000));
                ModelGraph part = network.family().graph(slice, network, zero, 2, Precision.FLOAT64);
                for (int m = 0; m < 2; m++) {
                    part.setParameters(m, new Parameters(network.layout(d), theta[m]));
                }
                DescentModels.Evaluation partial = part.evaluate();
                double share = (double) slice.rows() / n;
                for (int m = 0; m < 2; m++) {
                    losses[m] += share * partial.losses()[m];
                }
                double[] values = DescentModels.rowMajor(partial.gradient());
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += share * values[i];
                }
            }
            assertThat(evaluation.losses()).containsExactly(losses, within(1e-12));
            double[] actual = DescentModels.rowMajor(evaluation.gradient());
            for (int i = 0; i < gradient.length; i++) {
                assertThat(actual[i]).as("gradient %d", i).isCloseTo(gradient[i], within(1e-12));
            }
        }
    }

    /** 41,001 rows of 3 standard normal features, labels 1 with probability 0.4, drawn from {@code random}. */
    private static Dataset randomClasses(Random random) {
        int n = 41_001;
        int d = 3;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = random.nextGaussian();
            }
            y[i] = random.nextDouble() < 0.4 ? 1 : 0;
        }
        return new Dataset(n, d, x, y);
    }
}
