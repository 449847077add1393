package dev.lrsweep.worker.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each kind of element-wise op a program fuses against libnd4j's op of the same name (SameDiff's own session runs
 * it), on values that include NaN, infinities, overflow and underflow, in float64 and float32, on a number of values
 * that is no multiple of a tile or a vector; and broadcast inputs of every arrangement.
 */
class FusedElementwiseTest {
    private static final long[] SHAPE = {37, 9};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        1e300, -1e300, 800, -800, 40, -40, 1e-310, 1, -1, 0.5};

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"add_scalar, DOUBLE", "sub_scalar, DOUBLE", "rsub_scalar, DOUBLE", "mul_scalar, DOUBLE",
        "div_scalar, DOUBLE", "rdiv_scalar, DOUBLE", "scalar_min, DOUBLE", "max_scalar, DOUBLE",
        "lessthan_scalar, DOUBLE", "lessthanorequal_scalar, DOUBLE", "greaterthan_scalar, DOUBLE",
        "greaterthanorequal_scalar, DOUBLE", "sigmoid, DOUBLE", "softplus, DOUBLE", "exp, DOUBLE", "neg, DOUBLE", "abs, DOUBLE", "square, DOUBLE", "sqrt, DOUBLE", "cast, DOUBLE",
        "add_scalar, FLOAT", "sub_scalar, FLOAT", "rsub_scalar, FLOAT", "mul_scalar, FLOAT", "div_scalar, FLOAT",
        "rdiv_scalar, FLOAT", "scalar_min, FLOAT", "max_scalar, FLOAT", "lessthan_scalar, FLOAT",
        "lessthanorequal_scalar, FLOAT", "greaterthan_scalar, FLOAT", "greaterthanorequal_scalar, FLOAT",
        "sigmoid, FLOAT", "softplus, FLOAT", "exp, FLOAT", "neg, FLOAT", "abs, FLOAT", "square, FLOAT", "sqrt, FLOAT"})
    void eachUnaryKindComputesWhatLibnd4jsOpComputes(String kind, DataType type) {
        Map<String, UnaryOperator<SDVariable>> ops = Map.ofEntries(Map.entry("add_scalar", x -> x.add(2.5)),
                Map.entry("sub_scalar", x -> x.sub(2.5)), Map.entry("rsub_scalar", x -> x.rsub(2.5)),
                Map.entry("mul_scalar", x -> x.mul(-1.5)), Map.entry("div_scalar", x -> x.div(3.0)),
                Map.entry("rdiv_scalar", x -> x.rdiv(3.0)),
                Map.entry("scalar_min", x -> new ScalarMin(x.getSameDiff(), x, 40).outputVariable()),
                Map.entry("max_scalar", x -> new ScalarMax(x.getSameDiff(), x, -1).outputVariable()),
                Map.entry("lessthan_scalar", x -> x.lt(0.5).castTo(type)),
                Map.entry("lessthanorequal_scalar", x -> x.lte(0.5).castTo(type)),
                Map.entry("greaterthan_scalar", x -> x.gt(0.5).castTo(type)),
                Map.entry("greaterthanorequal_scalar", x -> x.gte(0.5).castTo(type)),
                Map.entry("sigmoid", x -> x.getSameDiff().nn().sigmoid(x)),
                Map.entry("softplus", x -> x.getSameDiff().nn().softplus(x)),
                Map.entry("exp", x -> x.getSameDiff().math().exp(x)),
                Map.entry("neg", SDVariable::neg),
                Map.entry("abs", x -> x.getSameDiff().math().abs(x)),
                Map.entry("square", x -> x.getSameDiff().math().square(x)),
                Map.entry("sqrt", x -> x.getSameDiff().math().sqrt(x)),
                // to float32 and back, rounding in between, and to bool (nonzero, NaN too) and back
                Map.entry("cast", x -> x.castTo(DataType.FLOAT).mul(2.0).castTo(DataType.DOUBLE)
                        .add(x.castTo(DataType.BOOL).castTo(DataType.DOUBLE))));
        INDArray values = values(new Random(kind.hashCode()), SHAPE, type);
        SameDiff graph = SameDiff.create();
        SDVariable x = moving(graph, "x", type, SHAPE);
        SDVariable result = ops.get(kind).apply(x);
        // a program fuses a group with a transcendental in it: the op's, or a sigmoid's beside it
        SDVariable beside = graph.nn().sigmoid(x);
        GraphProgram program = new GraphProgram(graph, List.of(result.name(), beside.name()), Map.of("x", values),
                Set.of("moving"));
        // float32: libnd4j's float64 op rounded to float32, the value itself, which the fused ops' float32 lanes give
        // to within a float32 rounding (exp, sigmoid, softplus to within three: see isLibnd4jsOwn)
        SameDiff float64 = SameDiff.create();
        SDVariable expected = ops.get(kind).apply(moving(float64, "x", DataType.DOUBLE, SHAPE));
        INDArray wanted = float64.output(Map.of("x", values.castTo(DataType.DOUBLE)), expected.name())
                .get(expected.name()).castTo(type);

        double roundings = type == DataType.FLOAT && Set.of("sigmoid", "softplus", "exp").contains(kind) ? 3 : 1;
        isLibnd4jsOwn(program, program.run(Map.of("x", values)).get(result.name()), wanted, type, roundings);
        // a group of float32 (and bool) arrays computes in float32 lanes, any other in float64 ones
        assertThat(program.opTimes(new long[program.size()], 1)).extracting(GraphProgram.OpTime::op)
                .filteredOn(op -> op.startsWith("fused:"))
                .allMatch(op -> op.endsWith(" (float32 lanes)") == (type == DataType.FLOAT));
    }

    @ParameterizedTest(name = "{0}, y of shape {1}, in {2}")
    @CsvSource({"add, 37 9, DOUBLE", "subtract, 1 9, DOUBLE", "multiply, 37 1, DOUBLE", "divide, 1 1, DOUBLE",
        "multiply, 9, DOUBLE", "subtract, 1, DOUBLE", "add, 37 9 3 | 37 1 3, DOUBLE", "multiply, 37 9 3 | 1 9 1, DOUBLE",
        "divide, 37 9 3 | 37 9 1, DOUBLE", "subtract, 37 9 3 | 1 1 3, DOUBLE", "add, 37 9, FLOAT",
        "subtract, 1 9, FLOAT", "multiply, 37 1, FLOAT", "divide, 1 1, FLOAT", "add, 37 9 3 | 37 1 3, FLOAT",
        "multiply, 37 9 3 | 1 9 1, FLOAT", "divide, 37 9 3 | 37 9 1, FLOAT", "subtract, 37 9 3 | 1 1 3, FLOAT"})
    void eachPairwiseKindComputesWhatLibnd4jsOpComputesWithEveryBroadcast(String kind, String shapes, DataType type) {
        Map<String, BinaryOperator<SDVariable>> ops = Map.of("add", SDVariable::add, "subtract", SDVariable::sub,
                "multiply", SDVariable::mul, "divide", SDVariable::div);
        String[] parts = shapes.split("\\|");
        long[] xShape = parts.length == 2 ? shape(parts[0]) : SHAPE;
        long[] yShape = shape(parts[parts.length - 1]);
        SameDiff graph = SameDiff.create();
        SDVariable x = moving(graph, "x", type, xShape);
        SDVariable y = graph.placeHolder("y", type, yShape);
        // a transcendental after, so that the broadcast input is read inside a group of two
        SDVariable result = graph.nn().sigmoid(ops.get(kind).apply(x, y));
        Random random = new Random(shapes.hashCode());

        Map<String, INDArray> feed = Map.of("x", values(random, xShape, type),
                "y", values(random, yShape, type));
        GraphProgram program = new GraphProgram(graph, List.of(result.name()), feed, Set.of("moving"));

        // the sigmoid after it in float32: within three roundings of libnd4j's (see isLibnd4jsOwn)
        isLibnd4jsOwn(program, program.run(feed).get(result.name()), graph.output(feed, result.name())
                .get(result.name()), type, type == DataType.FLOAT ? 3 : 1);
    }

    /**
     * A chain whose intermediate results nothing else reads stays in the tiles, and what another op reads (here a
     * reduction) is written back: cross-entropy's guarded softplus, summed, equals libnd4j's.
     */
    @Test
    void aChainWritesBackWhatOthersRead() {
        SameDiff graph = SameDiff.create();
        SDVariable z = moving(graph, "z", DataType.DOUBLE, SHAPE);
        SDVariable capped = new ScalarMin(graph, z, 40).outputVariable();
        SDVariable beyond = new ScalarMax(graph, z.sub(40), 0).outputVariable();
        SDVariable losses = graph.nn().softplus(capped).add(beyond);
        SDVariable mean = losses.mean(0);

        Map<String, INDArray> feed = Map.of("z", values(new Random(3), SHAPE, DataType.DOUBLE).muli(30));
        GraphProgram program = new GraphProgram(graph, List.of(mean.name()), feed, Set.of("moving"));

        isLibnd4jsOwn(program, program.run(feed).get(mean.name()), graph.output(feed, mean.name()).get(mean.name()),
                DataType.DOUBLE, 1);
        assertThat(program.opTimes(new long[program.size()], 1)).extracting(GraphProgram.OpTime::op)
                .containsExactly("fused: add scalar_min softplus sub_scalar max_scalar add", "reduce_mean");
    }

    /**
     * A logistic model's loss for k models, z = a·w, softplus(z) weighted: the program fuses the product, the
     * element-wise ops and the gradient's transposed product aᵀ·g into one group, on tiles of whole rows (four at a time
     * and the rest one by one; models a whole vector's lanes or padded to them), and its gradient is SameDiff's own to
     * 1e-13 relative (the products sum in another order).
     */
    @ParameterizedTest(name = "{0} rows × {1} features, {2} models")
    @CsvSource({"301, 5, 8", "1000, 33, 16", "13, 3, 25", "98, 7, 3", "40, 2, 1"})
    void aGroupTakesTheProductItReadsAndTheProductOfItsResult(int rows, int features, int models) {
        Random random = new Random(rows);
        SameDiff graph = SameDiff.create();
        SDVariable a = graph.placeHolder("a", DataType.DOUBLE, rows, features);
        SDVariable w = graph.var("w", values(random, new long[] {features, models}, DataType.DOUBLE));
        SDVariable weights = graph.constant("weights", Nd4j.rand(DataType.DOUBLE, rows, models));
        graph.setLossVariables(graph.nn().softplus(a.mmul(w)).mul(weights).sum("loss"));
        QuietGradientFunction.create(graph);
        String gradient = w.getGradient().name();
        INDArray rowValues = Nd4j.randn(DataType.DOUBLE, rows, features);
        Map<String, INDArray> feed = Map.of("a", rowValues);
        GraphProgram program = new GraphProgram(graph.getFunction("grad"), List.of(gradient), feed, Set.of("w"));
        // values with NaN and infinities would make the products NaN: plain ones, large enough to reach the guard
        w.getArr().assign(Nd4j.randn(DataType.DOUBLE, features, models).muli(3));

        assertThat(program.opTimes(new long[program.size()], 1)).extracting(GraphProgram.OpTime::op)
                .anyMatch(op -> op.startsWith("fused: matmul") && op.endsWith(" matmul"));
        double[] actual = program.run(feed).get(gradient).data().asDouble();
        double[] expected = graph.calculateGradients(feed, "w").get("w").data().asDouble();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("gradient %d", i).isCloseTo(expected[i], within(1e-13 * Math.abs(expected[i])
                    + 1e-13));
        }
    }

    /**
     * Whether the program fused ops and its result equals libnd4j's {@code expected}, NaN for NaN, to within
     * {@code roundings} of its type's relative rounding (float32's exp and log1p, from shorter polynomials in float32
     * arithmetic, are within three: the last bits of each step's rounding add up; libnd4j's own float32 ops are not
     * correctly rounded either).
     */
    private static void isLibnd4jsOwn(GraphProgram program, INDArray result, INDArray expected, DataType type,
            double roundings) {
        assertThat(program.opTimes(new long[program.size()], 1)).extracting(GraphProgram.OpTime::op)
                .anyMatch(op -> op.startsWith("fused:"));
        double[] actual = result.castTo(DataType.DOUBLE).data().asDouble();
        double[] wanted = expected.castTo(DataType.DOUBLE).data().asDouble();
        // within 1e-14 relative in float64, a float32 rounding in float32; and 1e-15 absolute: libnd4j's
        // log(1 + exp(x)) loses exp(x)'s digits in the sum where log1p keeps them (0 against 4e-18 at x = -40)
        double relative = roundings * (type == DataType.DOUBLE ? 1e-14 : 1.2e-7);
        double absolute = 1e-15;
        assertThat(actual).hasSameSizeAs(wanted);
        for (int i = 0; i < wanted.length; i++) {
            double a = actual[i];
            double b = wanted[i];
            boolean same = Double.isNaN(b) ? Double.isNaN(a)
                    : Double.isInfinite(b) ? a == b : Math.abs(a - b) <= absolute + relative * Math.abs(b);
            assertThat(same).as("value %d: fused %s, libnd4j %s", i, a, b).isTrue();
        }
    }

    /**
     * A placeholder plus a variable of zeros that a descent would move: the ops after it read more than the fed arrays
     * and run at every run, as a model's do (a program fuses only those).
     */
    private static SDVariable moving(SameDiff graph, String name, DataType type, long[] shape) {
        return graph.placeHolder(name, type, shape).add(graph.var("moving", Nd4j.zeros(type, shape)));
    }

    /** Random values, a few of them {@link #SPECIAL}. */
    private static INDArray values(Random random, long[] shape, DataType type) {
        int length = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = i < length / 2 || length < 2 * SPECIAL.length ? 5 * random.nextGaussian()
                    : i % 3 == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : 50 * random.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    private static long[] shape(String sizes) {
        return java.util.Arrays.stream(sizes.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
