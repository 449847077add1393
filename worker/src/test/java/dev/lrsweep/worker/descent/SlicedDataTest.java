package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows held in slices: a descent that sums every slice's gradients equals the descent on all the rows,
 * up to the order of summation; moments merged across slices equal the moments of all the rows, and a
 * linear fit on moments equals the fit on rows.
 */
class SlicedDataTest {
    private static final int[] STEPS = {5, 40, 150};

    static Stream<Arguments> families() {
        Dataset classes = ModelFamiliesTest.classes(61, new double[] {3, -2, 1}, 5);
        Dataset values = TestData.linear(61, new double[] {0.5, -1, 2}, 0.3, 0.1, 6);
        return Stream.of(
                Arguments.of("logistic", ModelSpec.logistic(), classes, new double[] {0.1, 1, 8, 25}),
                Arguments.of("mlp [5] tanh, mse", ModelSpec.mlp(new int[] {5}, ModelSpec.Activation.TANH,
                        ModelSpec.Loss.MSE), values, new double[] {0.01, 0.1, 0.5, 5}),
                Arguments.of("mlp [4, 3] relu, cross-entropy", ModelSpec.mlp(new int[] {4, 3},
                        ModelSpec.Activation.RELU, ModelSpec.Loss.CROSS_ENTROPY), classes, new double[] {0.1, 1, 4, 40}));
    }

    /** The rows cut into slices of at most {@code size} rows, the last one shorter. */
    static List<Dataset> slices(Dataset data, int size) {
        List<Dataset> slices = new ArrayList<>();
        for (int from = 0; from < data.rows(); from += size) {
            slices.add(data.slice(from, Math.min(data.rows(), from + size)));
        }
        return slices;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aDescentOnSlicesEqualsTheDescentOnAllTheRows(String name, ModelSpec model, Dataset data, double[] rates) {
        Parameters start = model.kind() == ModelSpec.Kind.MLP ? InitScheme.LECUN_NORMAL.draw(model.layout(3), 3)
                : Parameters.filled(model.layout(3), 0);
        TrialBatch batch = new TrialBatch(rates, STEPS, model, start, 1e6, 10, Precision.FLOAT64);
        // the first 49 rows train, the last 12 are held out
        Dataset training = data.slice(0, 49);
        Dataset validation = data.slice(49, 61);
        int[] requests = new int[1];
        RowSums rows = request -> {
            requests[0]++;
            return sum(slices(training, 20), request, start.size());
        };

        List<Trajectory> whole = BatchDescent.fit(training, validation, batch, rate -> false, modelSteps -> { });
        List<Trajectory> sliced = BatchDescent.fit(rows, request -> sum(slices(validation, 5), request, start.size()),
                3, batch, modelSteps -> { });

        for (int r = 0; r < rates.length; r++) {
            Trajectory expected = whole.get(r);
            Trajectory actual = sliced.get(r);
            assertThat(actual.status()).as(name + " rate " + rates[r]).isEqualTo(expected.status());
            assertThat(actual.divergedAtStep()).isEqualTo(expected.divergedAtStep());
            for (int s = 0; s < STEPS.length; s++) {
                FitState want = expected.states().get(s);
                FitState got = actual.states().get(s);
                String cell = name + ", rate " + rates[r] + ", " + STEPS[s] + " steps";
                assertThat(got.loss()).as(cell + " loss").isCloseTo(want.loss(), within(1e-10 * Math.abs(want.loss())));
                double scale = Math.max(1, Arrays.stream(want.parameters().values()).map(Math::abs).max().orElseThrow());
                assertThat(got.parameters().values()).as(cell + " parameters")
                        .containsExactly(want.parameters().values(), within(1e-9 * scale));
                if (model.classifies()) {
                    assertThat(got.accuracy()).as(cell + " accuracy").isEqualTo(want.accuracy());
                    assertThat(got.validationAccuracy()).as(cell + " validation accuracy")
                            .isEqualTo(want.validationAccuracy());
                }
                if (got.status() == TrialStatus.OK) {
                    assertThat(want.validationLoss()).as(cell + " validation loss").isFinite();
                    assertThat(got.validationLoss()).as(cell + " validation loss")
                            .isCloseTo(want.validationLoss(), within(1e-10 * Math.abs(want.validationLoss())));
                }
                if (model.measuresSharpness() && got.status() == TrialStatus.OK) {
                    assertThat(got.sharpness()).as(cell + " sharpness")
                            .isCloseTo(want.sharpness(), within(1e-6 * Math.abs(want.sharpness())));
                }
            }
        }
        // one request per step at least: the rows were read through the slices
        assertThat(requests[0]).isGreaterThanOrEqualTo(STEPS[STEPS.length - 1]);
    }

    private static SliceSums sum(List<Dataset> slices, SliceRequest request, int parameters) {
        SliceSums total = new SliceSums(request.models(), parameters);
        slices.forEach(slice -> total.add(SliceEvaluator.sums(slice, request)));
        return total;
    }

    /**
     * Each state's validation loss is the mean squared error of its parameters on the held-out rows, computed
     * here by hand, whether the held-out rows come as rows or as their moments; a diverged state has none.
     */
    @Test
    void aLinearFitMeasuresEachStateOnTheHeldOutRows() {
        Dataset data = TestData.linear(300, new double[] {0.5, -1, 2}, 0.3, 0.2, 8);
        Dataset training = data.slice(0, 240);
        Dataset validation = data.slice(240, 300);
        TrialBatch batch = TestData.linearBatch(new double[] {0.01, 0.3, 0.9, 3}, new int[] {5, 50},
                TestData.start(new double[] {0, 0, 0}, 0), Precision.FLOAT64);
        for (FitData held : List.of(validation, Moments.of(validation))) {
            List<Trajectory> runs = BatchDescent.fit(training, held, batch, rate -> false, modelSteps -> { });
            boolean anyDiverged = false;
            for (Trajectory run : runs) {
                for (FitState state : run.states()) {
                    if (state.status() != TrialStatus.OK) {
                        anyDiverged = true;
                        assertThat(state.validationLoss()).isNaN();
                        continue;
                    }
                    double[] theta = state.parameters().values();
                    double squares = 0;
                    for (int i = 0; i < validation.rows(); i++) {
                        double residual = theta[3] - validation.y()[i];
                        for (int j = 0; j < 3; j++) {
                            residual += theta[j] * validation.feature(i, j);
                        }
                        squares += residual * residual;
                    }
                    double expected = squares / validation.rows();
                    assertThat(state.validationLoss()).as(held.getClass().getSimpleName() + " rate "
                            + run.learningRate()).isCloseTo(expected, within(1e-10 * expected));
                    assertThat(state.validationAccuracy()).isNaN();
                }
            }
            assertThat(anyDiverged).as("the grid reaches divergence").isTrue();
        }
    }

    @Test
    void momentsMergedAcrossSlicesEqualTheMomentsOfAllTheRows() {
        Dataset data = TestData.linear(1003, new double[] {1e3, -2, 0.01}, 1e4, 0.5, 9);
        Moments whole = Moments.of(data);
        Moments merged = new Moments(3);
        // uneven slices, merged in a tree, as treeAggregate does
        List<Dataset> slices = slices(data, 97);
        Moments left = new Moments(3);
        Moments right = new Moments(3);
        for (int i = 0; i < slices.size(); i++) {
            (i % 2 == 0 ? left : right).merge(Moments.of(slices.get(i)));
        }
        merged.merge(left).merge(new Moments(3)).merge(right);

        assertThat(merged.count()).isEqualTo(1003);
        double[][] want = whole.gram();
        double[][] got = merged.gram();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertThat(got[a][b]).isCloseTo(want[a][b], within(1e-12 * Math.max(1, Math.abs(want[a][b]))));
            }
            assertThat(merged.standardDeviation(a)).isCloseTo(whole.standardDeviation(a),
                    within(1e-12 * whole.standardDeviation(a)));
            assertThat(merged.min(a)).isEqualTo(whole.min(a));
            assertThat(merged.max(a)).isEqualTo(whole.max(a));
        }
        // an independent two-pass check of one centred moment: Σ(x0 − x̄0)(y − ȳ)/(n − 1) as a covariance
        double[] x = data.x();
        double[] y = data.y();
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < 1003; i++) {
            meanX += x[i * 3] / 1003;
            meanY += y[i] / 1003;
        }
        double sum = 0;
        for (int i = 0; i < 1003; i++) {
            sum += (x[i * 3] - meanX) * (y[i] - meanY);
        }
        // G's column of the label: Aᵀy/n; its x0 entry minus x̄0·ȳ is the covariance over n
        assertThat(merged.labelProducts()[0] - merged.mean(0) * merged.mean(3))
                .isCloseTo(sum / 1003, within(1e-10 * Math.abs(sum / 1003)));
    }

    @Test
    void aLinearFitOnMomentsEqualsTheFitOnRows() {
        Dataset data = TestData.linear(500, new double[] {0.5, -1, 2}, 0.3, 0.1, 6);
        LeastSquares rows = LeastSquares.of(data);
        LeastSquares moments = LeastSquares.of(Moments.of(data));
        assertThat(moments.solution()).containsExactly(rows.solution(), within(1e-12));
        // the loss from centred moments keeps all but log10(var y / var residual) ≈ 3 of its digits
        assertThat(moments.optimalLoss()).isCloseTo(rows.optimalLoss(), within(1e-11 * rows.optimalLoss()));

        TrialBatch batch = TestData.linearBatch(new double[] {0.01, 0.1, 0.5, 0.9}, new int[] {10, 100},
                TestData.start(new double[] {0, 0, 0}, 0), Precision.FLOAT64);
        List<Trajectory> onRows = BatchDescent.fit(data, batch);
        List<Trajectory> onMoments = BatchDescent.fit(Moments.of(data), batch);
        for (int r = 0; r < 4; r++) {
            for (int s = 0; s < 2; s++) {
                FitState want = onRows.get(r).states().get(s);
                FitState got = onMoments.get(r).states().get(s);
                assertThat(got.status()).isEqualTo(want.status());
                assertThat(got.loss()).isCloseTo(want.loss(), within(1e-11 * Math.abs(want.loss())));
                assertThat(got.parameters().values()).containsExactly(want.parameters().values(), within(1e-11));
            }
        }
    }

    /**
     * The evaluator keeps the slices it has fed, as the same objects, in a pool for each number of models: two slices of
     * the same shape, asked for in turn, for 2 and 3 models, and at parameters that move, each give their own sums (those of a graph fed with that slice alone, to a rounding of
     * values below 1), and a copy of
     * a slice (another object, the same rows) gives the same sums as the slice.
     */
    @Test
    void slicesFedOnceGiveTheirOwnSumsAtEveryRequest() {
        ModelSpec logistic = ModelSpec.logistic();
        Dataset data = ModelFamiliesTest.classes(80, new double[] {3, -2, 1}, 9);
        List<Dataset> slices = List.of(data.slice(0, 40), data.slice(40, 80), data.slice(0, 40));
        for (int request = 0; request < 12; request++) {
            Dataset slice = slices.get(request % 3);
            // requests of 2 and 3 models in turn, as a descent's runs and runs with twins: two pools
            int models = 2 + request / 3 % 2;
            double[] parameters = new double[4 * models];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = 0.1 * (request + 1) * (i % 3 - 1);
            }
            SliceRequest asked = new SliceRequest(logistic, 3, models, Precision.FLOAT64, parameters,
                    SliceRequest.Sum.GRADIENTS);

            SliceSums sums = SliceEvaluator.sums(slice, asked);

            var alone = logistic.family().graph(slice, logistic, Parameters.filled(logistic.layout(3), 0), models,
                    Precision.FLOAT64);
            alone.parameterMatrix().assign(org.nd4j.linalg.factory.Nd4j.create(parameters, new long[] {4, models}));
            var expected = alone.evaluate();
            // the sums are of rows × means, divided by the rows again: equal to a rounding
            assertThat(sums.meanLosses()).containsExactly(expected.losses(), within(1e-15));
            assertThat(sums.meanGradients()).containsExactly(expected.gradient().ravel().toDoubleVector(),
                    within(1e-15));
        }
    }
}
