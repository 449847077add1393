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
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
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
 * them (see {@code Tile.exp}). B4's 15 element-wise ops between its two products took 16.5 ms a step through
 * libnd4j.
 *
 * <p>The ops are the graph's own, fused as a compiler fuses a loop, never a derivative written by hand: each kind
 * computes what libnd4j's op of that name computes, with libnd4j's rules where IEEE's differ (a minimum or maximum with
 * NaN gives the other operand, as libnd4j's {@code a < b ? a : b} does). A group whose arrays are all float32 (or
 * bool) and that takes no product computes in float32 lanes ({@link FloatTile}), twice as many to a vector; any other
 * computes in float64 lanes, a float32 array's values widened when read and rounded once when written. The tests
 * compare every kind with libnd4j's op on values that include infinities and NaN.
 */
final class FusedElementwise {
    /**
     * The values of a tile: 2 KB a register, so a group's registers stay in the L1 cache; with a product, whole rows,
     * a multiple of {@value #PRODUCT_ROWS} (see {@link Tile#product}), so that the rows are summed in the same order
     * whatever the number of columns (of models): a sweep's numbers do not depend on how its rates are batched.
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
     * Each member's second operand for {@link Tile#compute}: its second input's register; for sigmoid and softplus the
     * register of exp(−|x|) of their input x, which both are computed from (where both take the same input, as a
     * logistic loss and its gradient do, the exponential is computed once); else -1.
     */
    private final int[] secondRegisters;
    /** Whether a member computes its exp(−|x|) register (the first of the members that share it). */
    private final boolean[] computesExp;
    private final double[] scalars;
    private final List<Load> loads = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();
    /** The tiles' values: float32 where every array of the group is float32 or bool and it takes no product. */
    private final double[][] registers;
    private final float[][] floatRegisters;
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
        boolean floats = forward == null && backward == null && members.stream().allMatch(FusedElementwise::inFloats);
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
                stores.add(new Store(forward.context().getOutputArray(0), 0, false));
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
                    loads.add(new Load(member.context(), i, register, shape, floats));
                }
                inputs[i] = register;
            }
            inputRegisters[m] = inputs;
            int output = registerOf.size();
            registerOf.put(member.outputName(), output);
            outputRegisters[m] = output;
            if (read.contains(member.outputName())) {
                stores.add(new Store(member.context().getOutputArray(0), output, floats));
            }
        }
        secondRegisters = new int[members.size()];
        computesExp = new boolean[members.size()];
        Map<Integer, Integer> expOfInput = new HashMap<>();
        for (int m = 0; m < members.size(); m++) {
            Kind kind = members.get(m).kind();
            int[] inputs = inputRegisters[m];
            secondRegisters[m] = inputs.length > 1 ? inputs[1] : -1;
            if (kind == Kind.SIGMOID || kind == Kind.SOFTPLUS) {
                computesExp[m] = !expOfInput.containsKey(inputs[0]);
                secondRegisters[m] = expOfInput.computeIfAbsent(inputs[0], in -> registerOf.size() + expOfInput.size());
            }
        }
        forwardRegister = forward == null ? -1 : 0;
        backwardRegister = backward == null ? -1 : registerOf.get(backward.name());
        scalars = new double[members.size()];
        paddedColumns = (columns + Tile.STEP - 1) / Tile.STEP * Tile.STEP;
        // whole vectors (each op's loop runs over its whole register), and a register's last row may be read as whole
        // vectors past its end (see Tile#transposedProduct)
        int registerCount = registerOf.size() + expOfInput.size();
        if (floats) {
            registers = null;
            floatRegisters = new float[registerCount][
                    (tileLength + FloatTile.STEP - 1) / FloatTile.STEP * FloatTile.STEP];
        } else {
            registers = new double[registerCount][
                    (tileLength + paddedColumns - columns + Tile.STEP - 1) / Tile.STEP * Tile.STEP];
            floatRegisters = null;
        }
        products = forward == null || paddedColumns == columns ? null : new double[tileRows * paddedColumns];
    }

    /** Whether a member's inputs and output are all float32 or bool, so that it computes in float32 lanes. */
    private static boolean inFloats(Member member) {
        OpContext context = member.context();
        for (int i = 0; i < member.kind().inputs; i++) {
            if (context.getInputArray(i).dataType() == DataType.DOUBLE) {
                return false;
            }
        }
        return context.getOutputArray(0).dataType() != DataType.DOUBLE;
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
        if (floatRegisters != null) {
            runInFloats();
            return;
        }
        for (int start = 0; start < length; start += tileLength) {
            int count = Math.min(tileLength, length - start);
            int rows = count / columns;
            if (forward != null) {
                double[] a = forwardRows.read(start / columns, rows);
                if (products == null) {
                    Tile.product(a, rows, forwardRows.depth, weights, columns, registers[forwardRegister]);
                } else {
                    Tile.product(a, rows, forwardRows.depth, weights, paddedColumns, products);
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
                double[] x = registers[inputRegisters[m][0]];
                double[] y = secondRegisters[m] < 0 ? null : registers[secondRegisters[m]];
                if (computesExp[m]) {
                    Tile.expOfMinusAbs(x, y);
                }
                Tile.compute(members.get(m).kind(), x, y, scalars[m], registers[outputRegisters[m]]);
            }
            for (Store store : stores) {
                store.write(registers[store.register], start, count);
            }
            if (backward != null) {
                Tile.transposedProduct(backwardRows.read(start / columns, rows), rows, backwardRows.depth,
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

    /** {@link #run}'s loop over the tiles in float32 registers (a group without products). */
    private void runInFloats() {
        for (int start = 0; start < length; start += tileLength) {
            int count = Math.min(tileLength, length - start);
            for (Load load : loads) {
                load.read(floatRegisters[load.register], start, count);
            }
            for (int m = 0; m < members.size(); m++) {
                float[] x = floatRegisters[inputRegisters[m][0]];
                float[] y = secondRegisters[m] < 0 ? null : floatRegisters[secondRegisters[m]];
                if (computesExp[m]) {
                    FloatTile.expOfMinusAbs(x, y);
                }
                FloatTile.compute(members.get(m).kind(), x, y, scalars[m], floatRegisters[outputRegisters[m]]);
            }
            for (Store store : stores) {
                store.write(floatRegisters[store.register], start, count);
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

    /**
     * The ops' names, as a profile lists them, with the products first and last where they are fused, and "(float32
     * lanes)" last where the group computes in them.
     */
    String describe() {
        StringBuilder names = new StringBuilder(forward == null ? "fused:" : "fused: matmul");
        for (Member member : members) {
            names.append(' ').append(member.op().opName());
        }
        return names.append(backward == null ? "" : " matmul").append(floatRegisters == null ? "" : " (float32 lanes)")
                .toString();
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
        /** Whether it reads into float32 registers. */
        private final boolean floats;
        private INDArray bound;
        private Reader reader;
        private FloatReader floatReader;
        /** A broadcast input's values, read at each run (in float32 registers' groups, {@link #floatValues}). */
        private double[] values;
        private float[] floatValues;
        /** Where a gathered tile's values come from in {@link #values} (or {@link #floatValues}). */
        private int[] sources;

        Load(OpContext context, int argument, int register, long[] outputShape, boolean floats) {
            this.context = context;
            this.argument = argument;
            this.register = register;
            this.outputShape = outputShape;
            this.floats = floats;
        }

        /** Takes the array the input is bound to now (a program binds fed arrays to its ops' contexts). */
        void bind() {
            INDArray array = context.getInputArray(argument);
            if (array != bound) {
                bound = array;
                long[] shape = array.shape();
                strides = Arrays.equals(shape, outputShape) ? null : source(shape, outputShape);
                repeat = strides == null ? -1 : repeat(strides, outputShape);
                if (floats) {
                    floatReader = FloatReader.of(array);
                    floatValues = strides == null ? null : new float[(int) array.length()];
                } else {
                    reader = Reader.of(array);
                    values = strides == null ? null : new double[(int) array.length()];
                }
            }
            if (values != null) {
                reader.read(0, values, 0, values.length);
            }
            if (floatValues != null) {
                floatReader.read(0, floatValues, 0, floatValues.length);
            }
        }

        /** A float32 register's tile, as {@link #read(double[], int, int)} reads a float64 one. */
        void read(float[] register, int start, int count) {
            if (floatValues == null) {
                floatReader.read(start, register, 0, count);
            } else if (floatValues.length == 1) {
                Arrays.fill(register, 0, count, floatValues[0]);
            } else if (repeat == 0) {
                for (int done = 0, from = start % floatValues.length; done < count; from = 0) {
                    int part = Math.min(count - done, floatValues.length - from);
                    System.arraycopy(floatValues, from, register, done, part);
                    done += part;
                }
            } else if (repeat > 0) {
                for (int done = 0; done < count; ) {
                    long position = start + done;
                    int part = (int) Math.min(count - done, repeat - position % repeat);
                    Arrays.fill(register, done, done + part, floatValues[(int) (position / repeat)]);
                    done += part;
                }
            } else {
                gather(start, count);
                for (int i = 0; i < count; i++) {
                    register[i] = floatValues[sources[i]];
                }
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
                gather(start, count);
                for (int i = 0; i < count; i++) {
                    register[i] = values[sources[i]];
                }
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

        /**
         * {@link #sources}: where the broadcast values of output positions start … start + count − 1 are, walking their
         * coordinates.
         */
        private void gather(int start, int count) {
            sources = sources != null && sources.length >= count ? sources : new int[count];
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
                sources[i] = (int) source;
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
        private final FloatWriter floatWriter;
        final int register;

        /** A store of float32 registers where {@code floats}. */
        Store(INDArray array, int register, boolean floats) {
            this.writer = floats ? null : Writer.of(array);
            this.floatWriter = floats ? FloatWriter.of(array) : null;
            this.register = register;
        }

        void write(double[] register, int start, int count) {
            writer.write(register, start, count);
        }

        void write(float[] register, int start, int count) {
            floatWriter.write(register, start, count);
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
                            Tile.widen(tile, to, offset + done, part);
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

    /** Reads a float32 or bool array's values from position {@code from} into {@code to}, as float32. */
    private interface FloatReader {
        void read(int from, float[] to, int offset, int count);

        static FloatReader of(INDArray array) {
            ByteBuffer bytes = array.data().asNio().order(ByteOrder.nativeOrder());
            if (array.dataType() == DataType.FLOAT) {
                FloatBuffer floats = bytes.asFloatBuffer();
                return (from, to, offset, count) -> floats.get(from, to, offset, count);
            }
            return (from, to, offset, count) -> {
                for (int i = 0; i < count; i++) {
                    to[offset + i] = bytes.get(from + i) != 0 ? 1 : 0;
                }
            };
        }
    }

    /** Writes float32 values to a float32 or bool array from position {@code start}. */
    private interface FloatWriter {
        void write(float[] from, int start, int count);

        static FloatWriter of(INDArray array) {
            ByteBuffer bytes = array.data().asNio().order(ByteOrder.nativeOrder());
            if (array.dataType() == DataType.FLOAT) {
                FloatBuffer floats = bytes.asFloatBuffer();
                return (from, start, count) -> floats.put(start, from, 0, count);
            }
            return (from, start, count) -> {
                for (int i = 0; i < count; i++) {
                    bytes.put(start + i, (byte) (from[i] != 0 ? 1 : 0));
                }
            };
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
                            Tile.narrow(from, offset + done, tile, part);
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

    /**
     * The ops' loops over a tile, in a class of their own: the Vector API's classes load with it, when a group first
     * runs, so a JVM without the module still lays programs out (unfused).
     */
    private static final class Tile {
        private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
        private static final int STEP = SPECIES.length();
        private static final double LOG2_E = 1.4426950408889634;
        /** ln 2 in two parts, the first with its last 32 bits zero (fdlibm's), so that n·LN2_HIGH is exact. */
        private static final double LN2_HIGH = 6.93147180369123816490e-01;
        private static final double LN2_LOW = 1.90821492927058770002e-10;
        /** 1.5·2^52: adding it rounds to an integer, which its low bits then hold. */
        private static final double ROUNDING_SHIFT = 6755399441055744.0;
        private static final double EXP_OVERFLOWS = 709.782712893384;
        private static final double EXP_UNDERFLOWS = -745.1332191019412;
        private static final double SQRT_2 = 1.4142135623730951;

        /** float32 vectors of as many lanes as {@link #SPECIES}, to convert one into the other. */
        private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class,
                VectorShape.forBitSize(STEP * Float.SIZE));

        /** {@code to[offset …] = from[0 … count − 1]}, float32 to float64. */
        static void widen(float[] from, double[] to, int offset, int count) {
            int i = 0;
            for (; i + STEP <= count; i += STEP) {
                ((DoubleVector) FloatVector.fromArray(FLOATS, from, i).castShape(SPECIES, 0)).intoArray(to, offset + i);
            }
            for (; i < count; i++) {
                to[offset + i] = from[i];
            }
        }

        /** {@code to[0 … count − 1] = from[offset …]}, float64 rounded to float32. */
        static void narrow(double[] from, int offset, float[] to, int count) {
            int i = 0;
            for (; i + STEP <= count; i += STEP) {
                ((FloatVector) load(from, offset + i).castShape(FLOATS, 0)).intoArray(to, i);
            }
            for (; i < count; i++) {
                to[i] = (float) from[offset + i];
            }
        }

        /**
         * One op over a tile: {@code out} from {@code x} (and {@code y}, or the scalar {@code s}; for sigmoid and
         * softplus {@code y} holds exp(−|x|), see {@link #expOfMinusAbs}). Each kind is a loop of its own, so that C2
         * compiles every loop's vectors into registers (a vector passed through a shared loop's lambda would be an
         * object).
         */
        private static void compute(Kind kind, double[] x, double[] y, double s, double[] out) {
            switch (kind) {
                case ADD -> add(x, y, out);
                case SUBTRACT -> subtract(x, y, out);
                case MULTIPLY -> multiply(x, y, out);
                case DIVIDE -> divide(x, y, out);
                case ADD_SCALAR -> addScalar(x, s, out);
                case SUB_SCALAR -> subScalar(x, s, out);
                case RSUB_SCALAR -> rsubScalar(x, s, out);
                case MUL_SCALAR -> mulScalar(x, s, out);
                case DIV_SCALAR -> divScalar(x, s, out);
                case RDIV_SCALAR -> rdivScalar(x, s, out);
                case MIN_SCALAR -> minScalar(x, s, out);
                case MAX_SCALAR -> maxScalar(x, s, out);
                case LESS_SCALAR -> lessScalar(x, s, out);
                case LESS_EQUAL_SCALAR -> lessEqualScalar(x, s, out);
                case GREATER_SCALAR -> greaterScalar(x, s, out);
                case GREATER_EQUAL_SCALAR -> greaterEqualScalar(x, s, out);
                case SIGMOID -> sigmoid(x, y, out);
                case SOFTPLUS -> softplus(x, y, out);
                case EXP -> exp(x, out);
                case NEG -> neg(x, out);
                case ABS -> abs(x, out);
                case SQUARE -> square(x, out);
                case SQRT -> sqrt(x, out);
                case CAST -> System.arraycopy(x, 0, out, 0, out.length);
                case CAST_FLOAT -> castFloat(x, out);
                case CAST_BOOL -> castBool(x, out);
            }
        }

        private static void add(double[] x, double[] y, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).add(load(y, i)).intoArray(out, i);
            }
        }

        private static void subtract(double[] x, double[] y, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).sub(load(y, i)).intoArray(out, i);
            }
        }

        private static void multiply(double[] x, double[] y, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).mul(load(y, i)).intoArray(out, i);
            }
        }

        private static void divide(double[] x, double[] y, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).div(load(y, i)).intoArray(out, i);
            }
        }

        private static void addScalar(double[] x, double s, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).add(s).intoArray(out, i);
            }
        }

        private static void subScalar(double[] x, double s, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).sub(s).intoArray(out, i);
            }
        }

        private static void rsubScalar(double[] x, double s, double[] out) {
            DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
            for (int i = 0; i < out.length; i += STEP) {
                scalar.sub(load(x, i)).intoArray(out, i);
            }
        }

        private static void mulScalar(double[] x, double s, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).mul(s).intoArray(out, i);
            }
        }

        private static void divScalar(double[] x, double s, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).div(s).intoArray(out, i);
            }
        }

        private static void rdivScalar(double[] x, double s, double[] out) {
            DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
            for (int i = 0; i < out.length; i += STEP) {
                scalar.div(load(x, i)).intoArray(out, i);
            }
        }

        /** libnd4j's a < b ? a : b (and a > b ? a : b below): where x is NaN, the scalar. */
        private static void minScalar(double[] x, double s, double[] out) {
            DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector v = load(x, i);
                scalar.blend(v, v.compare(VectorOperators.LT, s)).intoArray(out, i);
            }
        }

        private static void maxScalar(double[] x, double s, double[] out) {
            DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector v = load(x, i);
                scalar.blend(v, v.compare(VectorOperators.GT, s)).intoArray(out, i);
            }
        }

        private static void lessScalar(double[] x, double s, double[] out) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0; i < out.length; i += STEP) {
                zero.blend(1.0, load(x, i).compare(VectorOperators.LT, s)).intoArray(out, i);
            }
        }

        private static void lessEqualScalar(double[] x, double s, double[] out) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0; i < out.length; i += STEP) {
                zero.blend(1.0, load(x, i).compare(VectorOperators.LE, s)).intoArray(out, i);
            }
        }

        private static void greaterScalar(double[] x, double s, double[] out) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0; i < out.length; i += STEP) {
                zero.blend(1.0, load(x, i).compare(VectorOperators.GT, s)).intoArray(out, i);
            }
        }

        private static void greaterEqualScalar(double[] x, double s, double[] out) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0; i < out.length; i += STEP) {
                zero.blend(1.0, load(x, i).compare(VectorOperators.GE, s)).intoArray(out, i);
            }
        }

        /** {@code e = exp(−|x|)}, which sigmoid and softplus of x are computed from. */
        static void expOfMinusAbs(double[] x, double[] e) {
            for (int i = 0; i < e.length; i += STEP) {
                load(x, i).abs().intoArray(e, i);
            }
            exp(e, -1.0, e);
        }

        /**
         * libnd4j's 1 / (1 + exp(−x)) from e = exp(−|x|): 1 / (1 + e) where x ≥ 0, e / (1 + e) below (no exponential
         * that overflows).
         */
        private static void sigmoid(double[] x, double[] e, double[] out) {
            DoubleVector one = constant(1.0);
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector ei = load(e, i);
                DoubleVector reciprocal = one.div(ei.add(1.0));
                reciprocal.blend(ei.mul(reciprocal), load(x, i).compare(VectorOperators.LT, 0.0)).intoArray(out, i);
            }
        }

        /**
         * libnd4j's log(1 + exp(x)), as max(x, 0) + log1p(e), e = exp(−|x|), which loses no digits to the sum; infinite
         * where libnd4j's exp(x) overflows. (Each step a loop over the tile: a vector passed to a method C2 does not
         * inline would be boxed.)
         */
        private static void softplus(double[] x, double[] e, double[] out) {
            log1pOfUnit(e, out);
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector v = load(x, i);
                v.max(0.0).add(load(out, i)).blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_OVERFLOWS))
                        .intoArray(out, i);
            }
        }

        private static void exp(double[] x, double[] out) {
            exp(x, 1.0, out);
        }

        /**
         * e^(sign·x) from IEEE's basic operations alone (no library call), so that interpreted, C1- and C2-compiled code
         * give the same bits and a sweep's numbers do not depend on when the compiler got to it (the Vector API's own
         * EXP is Intel's SVML compiled and Math.exp per lane interpreted, which differ in the last bit). x = n·ln 2 + r,
         * |r| ≤ ln 2 / 2; e^r by its Taylor polynomial to r^13 (truncation below 1e-17 relative); 2^n in two halves, so
         * that both are normal numbers down to the subnormal results. Beyond the range where e^x overflows or underflows
         * (and for NaN) the lanes' arithmetic is garbage that the last blends replace, so x is not clamped first (a
         * clamp's minimum and maximum, with Java's rules for NaN and −0, cost a third of the loop, measured in float32).
         */
        private static void exp(double[] in, double sign, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector x = load(in, i).mul(sign);
                DoubleVector shifted = x.fma(constant(LOG2_E), constant(ROUNDING_SHIFT));
                DoubleVector n = shifted.sub(ROUNDING_SHIFT);
                LongVector k = shifted.reinterpretAsLongs().sub(Double.doubleToRawLongBits(ROUNDING_SHIFT));
                DoubleVector r = n.fma(constant(-LN2_HIGH), x);
                r = n.fma(constant(-LN2_LOW), r);
                // Horner's rule written out
                DoubleVector p = r.fma(constant(1 / 6227020800.0), constant(1 / 479001600.0));
                p = p.fma(r, constant(1 / 39916800.0));
                p = p.fma(r, constant(1 / 3628800.0));
                p = p.fma(r, constant(1 / 362880.0));
                p = p.fma(r, constant(1 / 40320.0));
                p = p.fma(r, constant(1 / 5040.0));
                p = p.fma(r, constant(1 / 720.0));
                p = p.fma(r, constant(1 / 120.0));
                p = p.fma(r, constant(1 / 24.0));
                p = p.fma(r, constant(1 / 6.0));
                p = p.fma(r, constant(0.5));
                p = p.fma(r, constant(1.0));
                p = p.fma(r, constant(1.0));
                LongVector half = k.lanewise(VectorOperators.ASHR, 1);
                DoubleVector scale1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                DoubleVector scale2 = k.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                p.mul(scale1).mul(scale2)
                        .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOWS))
                        .blend(0.0, x.compare(VectorOperators.LT, EXP_UNDERFLOWS))
                        .blend(x, x.compare(VectorOperators.NE, x))
                        .intoArray(out, i);
            }
        }

        /**
         * log(1 + u) for u in [0, 1] from IEEE's basic operations alone (see {@link #exp(double[], double, double[])}):
         * w = 1 + u rounded, log w = e·ln 2 + 2·atanh(s) with s = (m − 1)/(m + 1), w = 2^e·m, m in [√½, √2] (|s| ≤
         * 0.172, the series to s^23), and u − (w − 1), what the rounding of w lost, added back as its derivative's share.
         */
        private static void log1pOfUnit(double[] in, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector u = load(in, i);
                DoubleVector w = u.add(1.0);
                VectorMask<Double> high = w.compare(VectorOperators.GT, SQRT_2);
                DoubleVector m = w.blend(w.mul(0.5), high);
                DoubleVector e = DoubleVector.zero(SPECIES).blend(1.0, high);
                DoubleVector s = m.sub(1.0).div(m.add(1.0));
                DoubleVector z = s.mul(s);
                DoubleVector series = z.fma(constant(1 / 23.0), constant(1 / 21.0));
                series = series.fma(z, constant(1 / 19.0));
                series = series.fma(z, constant(1 / 17.0));
                series = series.fma(z, constant(1 / 15.0));
                series = series.fma(z, constant(1 / 13.0));
                series = series.fma(z, constant(1 / 11.0));
                series = series.fma(z, constant(1 / 9.0));
                series = series.fma(z, constant(1 / 7.0));
                series = series.fma(z, constant(1 / 5.0));
                series = series.fma(z, constant(1 / 3.0));
                series = series.fma(z, constant(1.0));
                DoubleVector lost = u.sub(w.sub(1.0)).div(w);
                e.fma(constant(LN2_HIGH), s.add(s).fma(series, e.fma(constant(LN2_LOW), lost))).intoArray(out, i);
            }
        }

        private static void neg(double[] x, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).neg().intoArray(out, i);
            }
        }

        private static void abs(double[] x, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).abs().intoArray(out, i);
            }
        }

        private static void square(double[] x, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                DoubleVector v = load(x, i);
                v.mul(v).intoArray(out, i);
            }
        }

        private static void sqrt(double[] x, double[] out) {
            for (int i = 0; i < out.length; i += STEP) {
                load(x, i).sqrt().intoArray(out, i);
            }
        }

        /** float32's rounding of each value. */
        private static void castFloat(double[] x, double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) x[i];
            }
        }

        /** 1 where a value is nonzero (NaN too, as C++'s cast to bool), else 0. */
        private static void castBool(double[] x, double[] out) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0; i < out.length; i += STEP) {
                zero.blend(1.0, load(x, i).compare(VectorOperators.NE, 0.0)).intoArray(out, i);
            }
        }

        /**
         * z = a·w for the tile's rows: a rows × d, w d × k, z rows × k (k a multiple of the vector's length: w's and z's
         * columns padded); four rows and two vectors of columns at a time, eight sums in flight (one value's sum is a
         * chain of d dependent multiply-adds, each a[row][j]·w[j][column] added in the order of j). Each value is the
         * same chain whatever k is and wherever its column falls in a vector.
         */
        static void product(double[] a, int rows, int d, double[] w, int k, double[] z) {
            int row = 0;
            for (; row + 4 <= rows; row += 4) {
                int a0 = row * d;
                int column = 0;
                for (; column + 2 * STEP <= k; column += 2 * STEP) {
                    DoubleVector sum0 = DoubleVector.zero(SPECIES);
                    DoubleVector sum1 = sum0;
                    DoubleVector sum2 = sum0;
                    DoubleVector sum3 = sum0;
                    DoubleVector next0 = sum0;
                    DoubleVector next1 = sum0;
                    DoubleVector next2 = sum0;
                    DoubleVector next3 = sum0;
                    for (int j = 0; j < d; j++) {
                        DoubleVector wj = load(w, j * k + column);
                        DoubleVector wNext = load(w, j * k + column + STEP);
                        DoubleVector a0j = constant(a[a0 + j]);
                        DoubleVector a1j = constant(a[a0 + d + j]);
                        DoubleVector a2j = constant(a[a0 + 2 * d + j]);
                        DoubleVector a3j = constant(a[a0 + 3 * d + j]);
                        sum0 = wj.fma(a0j, sum0);
                        sum1 = wj.fma(a1j, sum1);
                        sum2 = wj.fma(a2j, sum2);
                        sum3 = wj.fma(a3j, sum3);
                        next0 = wNext.fma(a0j, next0);
                        next1 = wNext.fma(a1j, next1);
                        next2 = wNext.fma(a2j, next2);
                        next3 = wNext.fma(a3j, next3);
                    }
                    sum0.intoArray(z, row * k + column);
                    sum1.intoArray(z, (row + 1) * k + column);
                    sum2.intoArray(z, (row + 2) * k + column);
                    sum3.intoArray(z, (row + 3) * k + column);
                    next0.intoArray(z, row * k + column + STEP);
                    next1.intoArray(z, (row + 1) * k + column + STEP);
                    next2.intoArray(z, (row + 2) * k + column + STEP);
                    next3.intoArray(z, (row + 3) * k + column + STEP);
                }
                for (; column < k; column += STEP) {
                    DoubleVector sum0 = DoubleVector.zero(SPECIES);
                    DoubleVector sum1 = sum0;
                    DoubleVector sum2 = sum0;
                    DoubleVector sum3 = sum0;
                    for (int j = 0; j < d; j++) {
                        DoubleVector wj = load(w, j * k + column);
                        sum0 = wj.fma(constant(a[a0 + j]), sum0);
                        sum1 = wj.fma(constant(a[a0 + d + j]), sum1);
                        sum2 = wj.fma(constant(a[a0 + 2 * d + j]), sum2);
                        sum3 = wj.fma(constant(a[a0 + 3 * d + j]), sum3);
                    }
                    sum0.intoArray(z, row * k + column);
                    sum1.intoArray(z, (row + 1) * k + column);
                    sum2.intoArray(z, (row + 2) * k + column);
                    sum3.intoArray(z, (row + 3) * k + column);
                }
            }
            for (; row < rows; row++) {
                for (int column = 0; column < k; column += STEP) {
                    DoubleVector sum = DoubleVector.zero(SPECIES);
                    for (int j = 0; j < d; j++) {
                        sum = load(w, j * k + column).fma(constant(a[row * d + j]), sum);
                    }
                    sum.intoArray(z, row * k + column);
                }
            }
        }

        /**
         * sums += aᵀ·g for the tile's rows: a rows × d, g rows × k (row stride k), sums d × paddedK; four rows at a
         * time (their terms summed in pairs, then added), two vectors of columns at a time where there are two, then the
         * rest of the rows one by one, so the order of each value's sum does not depend on k. Whole vectors: a row's last
         * one reads the next row's first values (past the tile's end, its register's padding), which land in the sums'
         * padding columns, never written out.
         */
        static void transposedProduct(double[] a, int rows, int d, double[] g, int k, int paddedK, double[] sums) {
            int row = 0;
            for (; row + 4 <= rows; row += 4) {
                int a0 = row * d;
                int column = 0;
                for (; column + 2 * STEP <= k; column += 2 * STEP) {
                    DoubleVector g0 = load(g, row * k + column);
                    DoubleVector g1 = load(g, (row + 1) * k + column);
                    DoubleVector g2 = load(g, (row + 2) * k + column);
                    DoubleVector g3 = load(g, (row + 3) * k + column);
                    DoubleVector h0 = load(g, row * k + column + STEP);
                    DoubleVector h1 = load(g, (row + 1) * k + column + STEP);
                    DoubleVector h2 = load(g, (row + 2) * k + column + STEP);
                    DoubleVector h3 = load(g, (row + 3) * k + column + STEP);
                    for (int j = 0; j < d; j++) {
                        DoubleVector a0j = constant(a[a0 + j]);
                        DoubleVector a1j = constant(a[a0 + d + j]);
                        DoubleVector a2j = constant(a[a0 + 2 * d + j]);
                        DoubleVector a3j = constant(a[a0 + 3 * d + j]);
                        int at = j * paddedK + column;
                        load(sums, at).add(g0.mul(a0j).add(g1.mul(a1j)).add(g2.mul(a2j).add(g3.mul(a3j))))
                                .intoArray(sums, at);
                        load(sums, at + STEP).add(h0.mul(a0j).add(h1.mul(a1j)).add(h2.mul(a2j).add(h3.mul(a3j))))
                                .intoArray(sums, at + STEP);
                    }
                }
                for (; column < k; column += STEP) {
                    DoubleVector g0 = load(g, row * k + column);
                    DoubleVector g1 = load(g, (row + 1) * k + column);
                    DoubleVector g2 = load(g, (row + 2) * k + column);
                    DoubleVector g3 = load(g, (row + 3) * k + column);
                    for (int j = 0; j < d; j++) {
                        int at = j * paddedK + column;
                        load(sums, at).add(g0.mul(a[a0 + j]).add(g1.mul(a[a0 + d + j]))
                                .add(g2.mul(a[a0 + 2 * d + j]).add(g3.mul(a[a0 + 3 * d + j]))))
                                .intoArray(sums, at);
                    }
                }
            }
            for (; row < rows; row++) {
                for (int column = 0; column < k; column += STEP) {
                    DoubleVector gRow = load(g, row * k + column);
                    for (int j = 0; j < d; j++) {
                        gRow.fma(constant(a[row * d + j]), load(sums, j * paddedK + column))
                                .intoArray(sums, j * paddedK + column);
                    }
                }
            }
        }

        private static DoubleVector constant(double value) {
            return DoubleVector.broadcast(SPECIES, value);
        }

        private static DoubleVector load(double[] register, int i) {
            return DoubleVector.fromArray(SPECIES, register, i);
        }
    }
}
