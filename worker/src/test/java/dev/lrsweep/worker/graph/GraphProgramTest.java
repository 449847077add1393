package dev.lrsweep.worker.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A program's gradient against SameDiff's own session (which runs every op of the gradient function as
 * SameDiff built it): a product whose other input is a constant, in every arrangement of transposes, on either
 * side, where the program computes only the product's one gradient the graph uses.
 */
class GraphProgramTest {

    @ParameterizedTest(name = "parameters on the {0}, transpose x {1}, transpose y {2}")
    @CsvSource({"left, false, false", "left, true, false", "left, false, true", "left, true, true",
            "right, false, false", "right, true, false", "right, false, true", "right, true, true"})
    void theGradientOfAProductWithAConstantIsSameDiffsOwn(String side, boolean transposeX, boolean transposeY) {
        boolean left = side.equals("left");
        // z = op(x)·op(y) is 2×4 with op(x) 2×3 and op(y) 3×4; the parameters are x or y, the other is a constant
        long[] xShape = transposeX ? new long[] {3, 2} : new long[] {2, 3};
        long[] yShape = transposeY ? new long[] {4, 3} : new long[] {3, 4};
        SameDiff graph = SameDiff.create();
        SDVariable parameters = graph.var("parameters", Nd4j.rand(DataType.DOUBLE, left ? xShape : yShape));
        SDVariable constant = graph.constant("constant", Nd4j.rand(DataType.DOUBLE, left ? yShape : xShape));
        SDVariable weights = graph.constant("weights", Nd4j.rand(DataType.DOUBLE, 2, 4));
        SDVariable product = left ? graph.mmul(parameters, constant, transposeX, transposeY, false)
                : graph.mmul(constant, parameters, transposeX, transposeY, false);
        graph.setLossVariables(product.mul(weights).sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        for (int point = 0; point < 2; point++) {
            gradient.isSameDiffsOwn(Map.of());
            parameters.getArr().assign(Nd4j.rand(DataType.DOUBLE, parameters.getArr().shape()));
        }
    }

    /**
     * A broadcast element-wise product with a constant: the program computes the parameters' gradient alone, as a
     * product, where they have the product's shape (one-hot labels broadcast along the logits of k models), and
     * through multiply_bp where they are the broadcast side; SameDiff's own gradient either way.
     */
    @ParameterizedTest(name = "parameters broadcast: {0}")
    @CsvSource({"false", "true"})
    void theGradientOfABroadcastProductWithAConstantIsSameDiffsOwn(boolean parametersBroadcast) {
        SameDiff graph = SameDiff.create();
        long[] full = {4, 3, 5};
        long[] broadcast = {4, 1, 5};
        SDVariable parameters = graph.var("parameters",
                Nd4j.rand(DataType.DOUBLE, parametersBroadcast ? broadcast : full));
        SDVariable constant = graph.constant("constant",
                Nd4j.rand(DataType.DOUBLE, parametersBroadcast ? full : broadcast));
        SDVariable weights = graph.constant("weights", Nd4j.rand(DataType.DOUBLE, full));
        graph.setLossVariables(graph.math().tanh(parameters.mul(constant)).mul(weights).sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        for (int point = 0; point < 2; point++) {
            gradient.isSameDiffsOwn(Map.of());
            parameters.getArr().assign(Nd4j.rand(DataType.DOUBLE, parameters.getArr().shape()));
        }
    }

    /**
     * The ops that read only the fed arrays (here a permute and a product of the rows with a constant) run again
     * for each new feed, and only then: the gradient after feeds a, b and a again (a new map of a's values)
     * equals SameDiff's own, as does a second run on the same map after the parameters moved.
     */
    @Test
    void theOpsOfTheFedArraysRunAgainForEachNewFeed() {
        SameDiff graph = SameDiff.create();
        SDVariable rows = graph.placeHolder("rows", DataType.DOUBLE, -1, 3);
        SDVariable parameters = graph.var("parameters", Nd4j.rand(DataType.DOUBLE, 3, 2));
        SDVariable mixed = graph.transpose(rows).mmul(graph.constant(Nd4j.rand(DataType.DOUBLE, 5, 5)));
        graph.setLossVariables(graph.math().tanh(graph.transpose(mixed).mmul(parameters)).sum("loss"));
        INDArray a = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 5, 3);
        Gradient gradient = Gradient.of(graph, parameters, Map.of("rows", a));

        for (Map<String, INDArray> feed : List.of(Map.of("rows", a), Map.of("rows", b), Map.of("rows", a.dup()))) {
            for (int run = 0; run < 2; run++) {
                gradient.isSameDiffsOwn(feed);
                parameters.getArr().addi(0.1);
            }
        }
    }

    /**
     * A stopped gradient (a softmax's row maximum, subtracted only to keep exp finite) propagates zeros, and the
     * program's gradient is SameDiff's own, which runs the maximum's backward pass on them.
     */
    @Test
    void aStoppedGradientsBackwardPassGivesSameDiffsGradient() {
        SameDiff graph = SameDiff.create();
        SDVariable parameters = graph.var("parameters", Nd4j.rand(DataType.DOUBLE, 4, 3).muli(50));
        SDVariable logits = graph.constant(Nd4j.rand(DataType.DOUBLE, 6, 4)).mmul(parameters);
        SDVariable largest = new StopGradient(graph, logits.max(true, 1)).outputVariable();
        graph.setLossVariables(graph.math().log(graph.math().exp(logits.sub(largest)).sum(true, 1)).add(largest)
                .sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        for (int point = 0; point < 2; point++) {
            gradient.isSameDiffsOwn(Map.of());
            parameters.getArr().muli(-1.5);
        }
    }

    /**
     * A broadcast element-wise product whose both gradients the graph uses (here parameters times their own sums over
     * the first axis, broadcast along it, as a network's output layer multiplies its values by its weights): the
     * program's products and sum over the broadcast axis give SameDiff's own multiply_bp's gradient to 1e-14, at two
     * points, and no multiply_bp runs.
     */
    @Test
    void bothGradientsOfABroadcastProductAreProductsAndASum() {
        SameDiff graph = SameDiff.create();
        SDVariable parameters = graph.var("parameters", Nd4j.rand(DataType.DOUBLE, 4, 3, 5).subi(0.5));
        SDVariable sums = parameters.sum(true, 0);
        SDVariable weights = graph.constant("weights", Nd4j.rand(DataType.DOUBLE, 4, 3, 5));
        graph.setLossVariables(graph.math().tanh(parameters.mul(sums)).mul(weights).sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        for (int point = 0; point < 2; point++) {
            double[] expected = graph.calculateGradients(Map.of(), parameters.name()).get(parameters.name()).ravel()
                    .toDoubleVector();
            double[] actual = gradient.program().run(Map.of()).get(gradient.name()).ravel().toDoubleVector();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-14));
            }
            parameters.getArr().muli(-1.5);
        }
        assertThat(gradient.program().opTimes(new long[gradient.program().size()], 1))
                .extracting(op -> op.op().split(" ")[0]).doesNotContain("multiply_bp").contains("reduce_sum");
    }

    /**
     * A sigmoid's gradient from the sigmoid's output: no {@code sigmoid_bp} runs (it would take the exponentials again),
     * and the gradient is g·σ(z)·(1 − σ(z)) worked out by hand in Java, to 4e-16 relative, also where σ rounds to
     * within 1e-13 of 1 or of 0 (z = ±30), where a difference of products would lose the digits.
     */
    @Test
    void aSigmoidsGradientComesFromItsOutput() {
        SameDiff graph = SameDiff.create();
        double[] z = {-30, -4, -0.5, 0, 0.25, 3, 12, 30};
        double[] weights = {0.3, -1.2, 2.5, 0.7, -0.4, 1.9, -3.1, 0.8};
        SDVariable parameters = graph.var("parameters", Nd4j.create(z, new long[] {2, 4}, DataType.DOUBLE));
        SDVariable sigmoid = graph.nn().sigmoid(parameters);
        graph.setLossVariables(sigmoid.mul(graph.constant(Nd4j.create(weights, new long[] {2, 4}, DataType.DOUBLE)))
                .sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        double[] actual = gradient.program().run(Map.of()).get(gradient.name()).ravel().toDoubleVector();

        for (int i = 0; i < z.length; i++) {
            double s = 1 / (1 + Math.exp(-z[i]));
            double expected = weights[i] * s * (1 - s);
            assertThat(actual[i]).as("z = %s", z[i]).isCloseTo(expected, within(4e-16 * Math.abs(expected)));
        }
        assertThat(gradient.program().opTimes(new long[gradient.program().size()], 1))
                .extracting(op -> op.op().split(" ")[0]).doesNotContain("sigmoid_bp").contains("sigmoid");
    }

    /**
     * The backward ops of a sum and a difference read their terms' shapes, not their values: where the gradient they
     * pass on is the same at every run (a mean's), they run once, when the program is laid out, and so do the ops
     * after them that read only that gradient; the gradient is SameDiff's own, exactly, at two points.
     */
    @Test
    void theBackwardOpsOfSumsAndDifferencesOfAFixedGradientRunOnce() {
        SameDiff graph = SameDiff.create();
        SDVariable parameters = graph.var("parameters", Nd4j.rand(DataType.DOUBLE, 3, 2));
        SDVariable rows = graph.constant(Nd4j.rand(DataType.DOUBLE, 5, 3));
        SDVariable logits = rows.mmul(parameters);
        SDVariable labelled = graph.constant(Nd4j.rand(DataType.DOUBLE, 1, 5)).mmul(logits);
        graph.setLossVariables(graph.math().square(logits).add(logits).mean(true, 0).sub(labelled).sum("loss"));
        Gradient gradient = Gradient.of(graph, parameters, Map.of());

        for (int point = 0; point < 2; point++) {
            gradient.isSameDiffsOwn(Map.of());
            parameters.getArr().muli(-1.5);
        }
        assertThat(gradient.program().opTimes(new long[gradient.program().size()], 1)).extracting(op -> op.op().split(" ")[0])
                .doesNotContain("subtract_bp", "add_bp", "reduce_mean_bp");
    }

    /** The gradient of a graph's loss with respect to {@code parameters}, as a program laid out for {@code feed}. */
    private record Gradient(SameDiff graph, GraphProgram program, String parameters, String name) {
        static Gradient of(SameDiff graph, SDVariable parameters, Map<String, INDArray> feed) {
            QuietGradientFunction.create(graph);
            String name = parameters.getGradient().name();
            return new Gradient(graph, new GraphProgram(graph.getFunction("grad"), List.of(name), feed,
                    Set.of(parameters.name())), parameters.name(), name);
        }

        /** Asserts that the program's gradient on {@code feed} is exactly the one SameDiff's own session computes. */
        void isSameDiffsOwn(Map<String, INDArray> feed) {
            INDArray expected = graph.calculateGradients(feed, parameters).get(parameters);
            INDArray actual = program.run(feed).get(name);

            assertThat(actual.shape()).isEqualTo(expected.shape());
            assertThat(actual.ravel().toDoubleVector()).containsExactly(expected.ravel().toDoubleVector());
        }
    }
}
