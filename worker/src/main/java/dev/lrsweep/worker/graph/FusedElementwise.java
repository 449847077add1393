package dev.lrsweep.worker.graph;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;

/**
 * Consecutive element-wise ops of a program, all of one output shape, run as one loop over tiles of their values: each
 * tile of every input is read once, each op computes its tile from the tiles before it, and only the results that
 * another op or the program's caller reads are written back. libnd4j runs each op as a pass over whole arrays, and its
 * transcendentals are scalar (softplus about 8 ns a value, sigmoid 4.5 ns at float64, measured); here they are Java's
 * vector operations, which the C2 compiler turns into the processor's vector instructions, exp and log1p built from
 * them (see {@code VectorKernels.exp}). B4's 15 element-wise ops between its two products took 16.5 ms a step through
 * libnd4j.
 *
 * <p>The ops are the graph's own, fused as a compiler fuses a loop, never a derivative written by hand: each kind
 * computes what libnd4j's op of that name computes, in float64 whatever the arrays' type (a float32 array's values
 * are rounded once, when written), with libnd4j's rules where IEEE's differ (a minimum or maximum with NaN gives the
 * other operand, as libnd4j's {@code a < b ? a : b} does). The tests compare every kind with libnd4j's op on values
 * that include infinities and NaN.
 */
final class FusedElementwise {
    /**
     * The values of a tile: 2 KB a register, so a group's registers stay in the L1 cache; with a product, whole rows,
     * a multiple of {@value #PRODUCT_ROWS} (see {@link VectorKernels#product}), so that the rows are summed in the same
     * order whatever the number of columns (of models): a sweep's numbers do not depend on how its rates are batched.
     */
    private static final int TILE = 256;
    private static final int PRODUCT_ROWS = 4;
    private static final Set<DataType> TYPES = Set.of(DataType.DOUBLE, DataType.FLOAT, DataType.BOOL);
    /**
     * Whether this JVM can run fused ops at speed: with the Vector API's module (Spark's launcher and this project's
     * scripts add it) and with the C2 compiler, without which vector operations run as objects, 30 to 100 times slower
     * than libnd4j's passes (measured).
     */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && compilesWithC2();

    /** Whether this JVM's compiler goes up to C2: no {@code -Xint}, no {@code -XX:TieredStopAtLevel} below 4. */
    private static boolean compilesWithC2() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return true;
        }
        boolean compiles = Boolean.parseBoolean(hotSpot.getVMOption("UseCompiler").getValue());
        boolean tiered = Boolean.parseBoolean(hotSpot.getVMOption("TieredCompilation").getValue());
        return compiles && (!tiered || hotSpot.getVMOption("TieredStopAtLevel").getValue().equals("4"));
    }

    /** What an op computes from its inputs' values (x, y) and its scalar (s). */
    enum Kind {
        ADD(2), SUBTRACT(2), MULTIPLY(2), DIVIDE(2),
        ADD_SCALAR(1), SUB_SCALAR(1), RSUB_SCALAR(1), MUL_SCALAR(1), DIV_SCALAR(1), RDIV_SCALAR(1),
        MIN_SCALAR(1), MAX_SCALAR(1), LESS_SCALAR(1), LESS_EQUAL_SCALAR(1), GREATER_SCALAR(1), GREATER_EQUAL_SCALAR(1),
        SIGMOID(1), SOFTPLUS(1), EXP(1), NEG(1), ABS(1), SQUARE(1), SQRT(1),
        /** A cast to float64 (a copy), to float32 (a rounding) and to bool. */
        CAST(1), CAST_FLOAT(1), CAST_BOOL(1);

        private static final Map<String, Kind> BY_OP = Map.ofEntries(Map.entry("add", ADD),
                Map.entry("subtract", SUBTRACT), Map.entry("multiply", MULTIPLY), Map.entry("divide", DIVIDE),
                Map.entry("add_scalar", ADD_SCALAR), Map.entry("sub_scalar", SUB_SCALAR),
                Map.entry("rsub_scalar", RSUB_SCALAR), Map.entry("mul_scalar", MUL_SCALAR),
                Map.entry("div_scalar", DIV_SCALAR), Map.entry("rdiv_scalar", RDIV_SCALAR),
                Map.entry("scalar_min", MIN_SCALAR), Map.entry("max_scalar", MAX_SCALAR),
                Map.entry("lessthan_scalar", LESS_SCALAR), Map.entry("lessthanorequal_scalar", LESS_EQUAL_SCALAR),
                Map.entry("greaterthan_scalar", GREATER_SCALAR),
                Map.entry("greaterthanorequal_scalar", GREATER_EQUAL_SCALAR), Map.entry("sigmoid", SIGMOID),
                Map.entry("softplus", SOFTPLUS), Map.entry("exp", EXP),
                Map.entry("neg", NEG), Map.entry("abs", ABS), Map.entry("square", SQUARE), Map.entry("sqrt", SQRT),
                Map.entry("cast", CAST));
        private final int inputs;

        Kind(int inputs) {
            this.inputs = inputs;
        }

        /** Whether libnd4j computes it a value at a time, with an exponential, logarithm or the like. */
        boolean transcendental() {
            return this == SIGMOID || this == SOFTPLUS || this == EXP;
        }

        private boolean scalar() {
            return name().endsWith("_SCALAR");
        }

        /**
         * The kind of {@code op} laid out on {@code context}, or null where it is not one a group runs: another op, an
         * input or output of another type than float64, float32 or bool, or an array that is not dense.
         */
        static Kind of(DifferentialFunction op, OpContext context) {
            Kind kind = BY_OP.get(op.opName());
            if (kind == CAST && context.numOutputArguments() == 1 && context.getOutputArray(0) != null) {
                DataType type = context.getOutputArray(0).dataType();
                kind = type == DataType.FLOAT ? CAST_FLOAT : type == DataType.BOOL ? CAST_BOOL : CAST;
            }
            if (kind == null || kind.scalar() != op instanceof ScalarOp || context.numOutputArguments() != 1
                    || context.numInputArguments() < kind.inputs) {
                return null;
            }
            INDArray output = context.getOutputArray(0);
            if (!fits(output) || output.length() > Integer.MAX_VALUE) {
                return null;
            }
            for (int i = 0; i < kind.inputs; i++) {
                INDArray input = context.getInputArray(i);
                if (!fits(input) || source(input.shape(), output.shape()) == null) {
                    return null;
                }
            }
            return kind;
        }

        private static boolean fits(INDArray array) {
            return array != null && TYPES.contains(array.dataType()) && array.ordering() == 'c'
                    && array.offset() == 0 && Arrays.equals(array.stride(), ArrayUtil.calcStrides(array.shape()));
        }
    }

    /** An op of a group: its kind, the op (its scalar read at each run), its context and the graph's names. */
    record Member(Kind kind, DifferentialFunction op, OpContext context, String[] inputNames, String outputName) {
    }

    /**
     * A matrix product fused with a group whose outputs are rows × k: the forward product z = a·w (a rows × d, w d × k)
     * computed a tile of rows at a time into the register of the input named {@code name}, or the backward product
     * aᵀ·g summed over the tiles of the result named {@code name} (g rows × k; aᵀ·g d × k). Either way the tile's rows
     * of a are read once, not as a pass of their own over the whole array, and z or g need not be written out.
     */
    record Product(OpContext context, String name) {
        /**
         * Whether libnd4j's {@code matmul} on {@code context} is a product a group of outputs of {@code shape} can
         * take: plain (no scale) and, forward, untransposed, with z of the group's shape; backward, a transposed, with
         * g of the group's shape; a and w or g dense, of float64 (in float32 OpenBLAS's products of a block are about twice
         * as fast as in float64, and faster than these).
         */
        static boolean fits(DifferentialFunction op, OpContext context, long[] shape, boolean forward) {
            if (!op.opName().equals("matmul") || shape.length != 2 || context.numInputArguments() != 2
                    || shape[1] * PRODUCT_ROWS > Integer.MAX_VALUE / 2
                    || !Arrays.equals(context.getIArguments().stream().mapToLong(Long::longValue).toArray(),
                    forward ? new long[] {0, 0, 0} : new long[] {1, 0, 0})
                    && !(forward && context.getIArguments().isEmpty())) {
                return false;
            }
            List<Double> scales = context.getTArguments();
            if (!scales.isEmpty() && !(scales.get(0) == 1.0 && (scales.size() == 1 || scales.get(1) == 0.0))) {
                return false;
            }
            INDArray a = context.getInputArray(0);
            INDArray other = context.getInputArray(1);
            INDArray result = context.getOutputArray(0);
            return a.rank() == 2 && a.size(0) == shape[0] && Kind.fits(a) && Kind.fits(other) && Kind.fits(result)
                    && a.dataType() == DataType.DOUBLE && other.dataType() == DataType.DOUBLE
                    && Arrays.equals(forward ? result.shape() : other.shape(), shape);
        }
    }

    private final List<Member> members;
    private final int[][] inputRegisters;
    private final int[] outputRegisters;
    /**
     * For sigmoid and softplus, the register of exp(−|x|) of their input x, which both are computed from (else -1):
     * where both take the same input, as a logistic loss and its gradient do, the exponential is computed once.
     */
    private final int[] expRegisters;
    /** Whether a member computes its {@link #expRegisters} entry (the first of the members that share it). */
    private final boolean[] computesExp;
    private final double[] scalars;
    private final List<Load> loads = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();
    private final double[][] registers;
    private final int length;
    private final Product forward;
    private final Product backward;
    /** The register the forward product writes, the one the backward product reads. */
    private final int forwardRegister;
    private final int backwardRegister;
    /** The rows of a tile, where a product is fused; the columns of the group's outputs. */
    private final int tileRows;
    private final int columns;
    /** The values of a tile. */
    private final int tileLength;
    /** The products' a, its tile of rows, w (read at each run) and the sums of aᵀ·g. */
    private final RowTiles forwardRows;
    private final RowTiles backwardRows;
    /**
     * The columns of w, z and the sums as the products lay them out: the group's columns rounded up to a whole vector's
     * lanes, so that every vector is whole (Java 17's masked loads and stores run lane by lane).
     */
    private final int paddedColumns;
    /**
     * w, rows of {@link #paddedColumns} (zeros past the group's columns); z for a tile of rows where its columns are
     * padded (else the product writes its register); the sums of aᵀ·g.
     */
    private double[] weights;
    private final double[] products;
    private double[] sums;
    private Writer sumsWriter;

    /**
     * A group of {@code members} in their order, all of one output shape, writing back the results named in
     * {@code read} (those other ops or the program's caller read).
     */
    FusedElementwise(List<Member> members, Set<String> read, Product forward, Product backward) {
        this.members = List.copyOf(members);
        this.forward = forward;
        this.backward = backward;
        long[] shape = members.get(0).context().getOutputArray(0).shape();
        length = (int) ArrayUtil.prodLong(shape);
        columns = (int) shape[shape.length - 1];
        tileRows = Math.max(PRODUCT_ROWS, TILE / columns / PRODUCT_ROWS * PRODUCT_ROWS);
        tileLength = forward == null && backward == null ? TILE : tileRows * columns;
        forwardRows = forward == null ? null : new RowTiles(forward.context(), tileRows);
        backwardRows = backward == null ? null : new RowTiles(backward.context(), tileRows);
        Map<String, Integer> registerOf = new HashMap<>();
        if (forward != null) {
            registerOf.put(forward.name(), 0);
            if (read.contains(forward.name())) {
                stores.add(new Store(forward.context().getOutputArray(0), 0));
            }
        }
        inputRegisters = new int[members.size()][];
        outputRegisters = new int[members.size()];
        for (int m = 0; m < members.size(); m++) {
            Member member = members.get(m);
            int[] inputs = new int[member.kind().inputs];
            for (int i = 0; i < inputs.length; i++) {
                String name = member.inputNames()[i];
                Integer register = registerOf.get(name);
                if (register == null) {
                    register = registerOf.size();
                    registerOf.put(name, register);
                    loads.add(new Load(member.context(), i, register, shape));
                }
                inputs[i] = register;
            }
            inputRegisters[m] = inputs;
            int output = registerOf.size();
            registerOf.put(member.outputName(), output);
            outputRegisters[m] = output;
            if (read.contains(member.outputName())) {
                stores.add(new Store(member.context().getOutputArray(0), output));
            }
        }
        expRegisters = new int[members.size()];
        computesExp = new boolean[members.size()];
        Map<Integer, Integer> expOfInput = new HashMap<>();
        for (int m = 0; m < members.size(); m++) {
            Kind kind = members.get(m).kind();
            expRegisters[m] = -1;
            if (kind == Kind.SIGMOID || kind == Kind.SOFTPLUS) {
                int input = inputRegisters[m][0];
                computesExp[m] = !expOfInput.containsKey(input);
                expRegisters[m] = expOfInput.computeIfAbsent(input, in -> registerOf.size() + expOfInput.size());
            }
        }
        forwardRegister = forward == null ? -1 : 0;
        backwardRegister = backward == null ? -1 : registerOf.get(backward.name());
        scalars = new double[members.size()];
        int lanes = VectorKernels.STEP;
        paddedColumns = (columns + lanes - 1) / lanes * lanes;
        // whole vectors (each op's loop runs over its whole register), and a register's last row may be read as whole
        // vectors past its end (see VectorKernels#transposedProduct)
        registers = new double[registerOf.size() + expOfInput.size()][
                (tileLength + paddedColumns - columns + lanes - 1) / lanes * lanes];
        products = forward == null || paddedColumns == columns ? null : new double[tileRows * paddedColumns];
    }

    /** Whether {@code op} on {@code context} can join a group of outputs of {@code shape} (null: a new group). */
    static boolean joins(DifferentialFunction op, OpContext context, long[] shape) {
        return Kind.of(op, context) != null
                && (shape == null || Arrays.equals(context.getOutputArray(0).shape(), shape));
    }

    /** Runs the group on its inputs' current arrays and scalars. */
    void run() {
        for (Load load : loads) {
            load.bind();
        }
        if (forward != null) {
            forwardRows.bind(null);
            INDArray w = forward.context().getInputArray(1);
            int depth = (int) w.size(0);
            weights = weights == null ? new double[depth * paddedColumns] : weights;
            Reader reader = Reader.of(w);
            if (paddedColumns == columns) {
                reader.read(0, weights, 0, depth * columns);
            } else {
                for (int j = 0; j < depth; j++) {
                    reader.read(j * columns, weights, j * paddedColumns, columns);
                }
            }
        }
        if (backward != null) {
            backwardRows.bind(forwardRows);
            INDArray result = backward.context().getOutputArray(0);
            sums = sums == null ? new double[(int) result.size(0) * paddedColumns] : sums;
            Arrays.fill(sums, 0);
            sumsWriter = sumsWriter == null ? Writer.of(result) : sumsWriter;
        }
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).op() instanceof ScalarOp scalarOp) {
                scalars[m] = scalarOp.scalar().getDouble(0);
            }
        }
        for (int start = 0; start < length; start += tileLength) {
            int count = Math.min(tileLength, length - start);
            int rows = count / columns;
            if (forward != null) {
                double[] a = forwardRows.read(start / columns, rows);
                if (products == null) {
                    VectorKernels.product(a, rows, forwardRows.depth, weights, columns, registers[forwardRegister]);
                } else {
                    VectorKernels.product(a, rows, forwardRows.depth, weights, paddedColumns, products);
                    for (int row = 0; row < rows; row++) {
                        System.arraycopy(products, row * paddedColumns, registers[forwardRegister], row * columns,
                                columns);
                    }
                }
            }
            for (Load load : loads) {
                load.read(registers[load.register], start, count);
            }
            for (int m = 0; m < members.size(); m++) {
                int[] inputs = inputRegisters[m];
                double[] x = registers[inputs[0]];
                int exp = expRegisters[m];
                if (computesExp[m]) {
                    VectorKernels.expOfMinusAbs(x, registers[exp]);
                }
                VectorKernels.compute(members.get(m).kind(), x, exp >= 0 ? registers[exp] : inputs.length > 1
                        ? registers[inputs[1]] : null, scalars[m], registers[outputRegisters[m]]);
            }
            for (Store store : stores) {
                store.write(registers[store.register], start, count);
            }
            if (backward != null) {
                VectorKernels.transposedProduct(backwardRows.read(start / columns, rows), rows, backwardRows.depth,
                        registers[backwardRegister], columns, paddedColumns, sums);
            }
        }
        if (backward != null) {
            if (paddedColumns == columns) {
                sumsWriter.write(sums, 0, sums.length);
            } else {
                for (int j = 0; j < backwardRows.depth; j++) {
                    sumsWriter.write(sums, j * paddedColumns, j * columns, columns);
                }
            }
        }
    }

    /** A product's a (rows × depth), read a tile of rows at a time from the array its context is bound to now. */
    private static final class RowTiles {
        private final OpContext context;
        private final int depth;
        private INDArray bound;
        private Reader reader;
        private final double[] tile;
        /** Another product's tiles of the same array (the forward product's, for the backward one), read for both. */
        private RowTiles shared;

        RowTiles(OpContext context, int tileRows) {
            this.context = context;
            this.depth = (int) context.getInputArray(0).size(1);
            this.tile = new double[tileRows * depth];
        }

        /** Takes the array the context is bound to now, and {@code other}'s tiles where it is bound to the same. */
        void bind(RowTiles other) {
            INDArray array = context.getInputArray(0);
            if (array != bound) {
                bound = array;
                reader = Reader.of(array);
            }
            shared = other != null && other.bound == bound ? other : null;
        }

        /** The tile holding rows {@code first} … {@code first + rows − 1}, read unless the shared tiles hold them. */
        double[] read(int first, int rows) {
            if (shared != null) {
                return shared.tile;
            }
            reader.read(first * depth, tile, 0, rows * depth);
            return tile;
        }
    }

    /** The ops' names, as a profile lists them, with the products first and last where they are fused. */
    String describe() {
        StringBuilder names = new StringBuilder(forward == null ? "fused:" : "fused: matmul");
        for (Member member : members) {
            names.append(' ').append(member.op().opName());
        }
        return names.append(backward == null ? "" : " matmul").toString();
    }

    /** The shape of the group's outputs. */
    long[] shape() {
        return members.get(0).context().getOutputArray(0).shape();
    }

    /**
     * For each axis of an output of shape {@code to}, the stride of an input of shape {@code from} broadcast to it (0
     * along the axes it is broadcast along), by NumPy's rules; null where it does not broadcast.
     */
    private static long[] source(long[] from, long[] to) {
        if (from.length > to.length) {
            return null;
        }
        long[] strides = new long[to.length];
        long stride = 1;
        for (int axis = to.length - 1, fromAxis = from.length - 1; axis >= 0; axis--, fromAxis--) {
            long size = fromAxis >= 0 ? from[fromAxis] : 1;
            if (size != to[axis] && size != 1) {
                return null;
            }
            strides[axis] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    /** An input's tiles: read straight where it has the group's shape, else gathered from its broadcast values. */
    private static final class Load {
        private final OpContext context;
        private final int argument;
        final int register;
        private final long[] outputShape;
        /** The input's stride along each axis of the output, 0 where broadcast; null where it has the output's shape. */
        private long[] strides;
        /**
         * For an input broadcast along leading axes only (a row of weights over the rows), 0; along trailing axes only
         * (a value a row over its columns), how many output values each of its values spans; else -1.
         */
        private long repeat;
        private INDArray bound;
        private Reader reader;
        /** A broadcast input's values, read at each run. */
        private double[] values;

        Load(OpContext context, int argument, int register, long[] outputShape) {
            this.context = context;
            this.argument = argument;
            this.register = register;
            this.outputShape = outputShape;
        }

        /** Takes the array the input is bound to now (a program binds fed arrays to its ops' contexts). */
        void bind() {
            INDArray array = context.getInputArray(argument);
            if (array != bound) {
                bound = array;
                reader = Reader.of(array);
                long[] shape = array.shape();
                strides = Arrays.equals(shape, outputShape) ? null : source(shape, outputShape);
                values = strides == null ? null : new double[(int) array.length()];
                repeat = strides == null ? -1 : repeat(strides, outputShape);
            }
            if (values != null) {
                reader.read(0, values, 0, values.length);
            }
        }

        void read(double[] register, int start, int count) {
            if (values == null) {
                reader.read(start, register, 0, count);
            } else if (values.length == 1) {
                Arrays.fill(register, 0, count, values[0]);
            } else if (repeat == 0) {
                for (int done = 0, from = start % values.length; done < count; from = 0) {
                    int part = Math.min(count - done, values.length - from);
                    System.arraycopy(values, from, register, done, part);
                    done += part;
                }
            } else if (repeat > 0) {
                for (int done = 0; done < count; ) {
                    long position = start + done;
                    int part = (int) Math.min(count - done, repeat - position % repeat);
                    Arrays.fill(register, done, done + part, values[(int) (position / repeat)]);
                    done += part;
                }
            } else {
                gather(register, start, count);
            }
        }

        /** See {@link #repeat}. */
        private static long repeat(long[] strides, long[] shape) {
            int firstKept = -1;
            int lastKept = -1;
            int firstBroadcast = -1;
            int lastBroadcast = -1;
            for (int axis = 0; axis < shape.length; axis++) {
                if (shape[axis] == 1) {
                    continue;
                }
                if (strides[axis] == 0) {
                    firstBroadcast = firstBroadcast < 0 ? axis : firstBroadcast;
                    lastBroadcast = axis;
                } else {
                    firstKept = firstKept < 0 ? axis : firstKept;
                    lastKept = axis;
                }
            }
            if (lastBroadcast < firstKept) {
                return 0;
            }
            if (lastKept < firstBroadcast) {
                return ArrayUtil.prodLong(Arrays.copyOfRange(shape, firstBroadcast, shape.length));
            }
            return -1;
        }

        /** The broadcast values of output positions start … start + count − 1, walking their coordinates. */
        private void gather(double[] register, int start, int count) {
            int rank = outputShape.length;
            long[] coordinates = new long[rank];
            long rest = start;
            long source = 0;
            for (int axis = rank - 1; axis >= 0; axis--) {
                coordinates[axis] = rest % outputShape[axis];
                rest /= outputShape[axis];
                source += coordinates[axis] * strides[axis];
            }
            int last = rank - 1;
            for (int i = 0; i < count; i++) {
                register[i] = values[(int) source];
                coordinates[last]++;
                source += strides[last];
                for (int axis = last; axis > 0 && coordinates[axis] == outputShape[axis]; axis--) {
                    coordinates[axis] = 0;
                    source -= outputShape[axis] * strides[axis];
                    coordinates[axis - 1]++;
                    source += strides[axis - 1];
                }
            }
        }
    }

    /** A result's tiles written back to its array, in the array's type. */
    private static final class Store {
        private final Writer writer;
        final int register;

        Store(INDArray array, int register) {
            this.writer = Writer.of(array);
            this.register = register;
        }

        void write(double[] register, int start, int count) {
            writer.write(register, start, count);
        }
    }

    /** Reads an array's values from position {@code from} into {@code to}, as float64. */
    private interface Reader {
        void read(int from, double[] to, int offset, int count);

        static Reader of(INDArray array) {
            ByteBuffer bytes = array.data().asNio().order(ByteOrder.nativeOrder());
            switch (array.dataType()) {
                case DOUBLE -> {
                    DoubleBuffer doubles = bytes.asDoubleBuffer();
                    return (from, to, offset, count) -> doubles.get(from, to, offset, count);
                }
                case FLOAT -> {
                    FloatBuffer floats = bytes.asFloatBuffer();
                    float[] tile = new float[TILE];
                    return (from, to, offset, count) -> {
                        for (int done = 0; done < count; done += TILE) {
                            int part = Math.min(TILE, count - done);
                            floats.get(from + done, tile, 0, part);
                            VectorKernels.widen(tile, to, offset + done, part);
                        }
                    };
                }
                default -> {
                    return (from, to, offset, count) -> {
                        for (int i = 0; i < count; i++) {
                            to[offset + i] = bytes.get(from + i) != 0 ? 1 : 0;
                        }
                    };
                }
            }
        }
    }

    /** Writes float64 values to an array from position {@code start}, in the array's type. */
    private interface Writer {
        default void write(double[] from, int start, int count) {
            write(from, 0, start, count);
        }

        /** {@code from[offset … offset + count − 1]} to positions {@code start …}. */
        void write(double[] from, int offset, int start, int count);

        static Writer of(INDArray array) {
            ByteBuffer bytes = array.data().asNio().order(ByteOrder.nativeOrder());
            switch (array.dataType()) {
                case DOUBLE -> {
                    DoubleBuffer doubles = bytes.asDoubleBuffer();
                    return (from, offset, start, count) -> doubles.put(start, from, offset, count);
                }
                case FLOAT -> {
                    FloatBuffer floats = bytes.asFloatBuffer();
                    float[] tile = new float[TILE];
                    return (from, offset, start, count) -> {
                        for (int done = 0; done < count; done += TILE) {
                            int part = Math.min(TILE, count - done);
                            VectorKernels.narrow(from, offset + done, tile, part);
                            floats.put(start + done, tile, 0, part);
                        }
                    };
                }
                default -> {
                    return (from, offset, start, count) -> {
                        for (int i = 0; i < count; i++) {
                            bytes.put(start + i, (byte) (from[offset + i] != 0 ? 1 : 0));
                        }
                    };
                }
            }
        }
    }
}
