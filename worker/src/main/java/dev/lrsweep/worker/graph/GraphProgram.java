package dev.lrsweep.worker.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ops of a SameDiff graph that some outputs need, in an order that computes every input before its
 * use, each with its input and output arrays laid out once: running it computes what the graph's ops compute
 * (SameDiff's own ops with their own arguments, but for the savings below) and nothing else.
 *
 * <p>SameDiff's {@code output} builds a session on every call: it works out the subgraph, tracks each
 * op's dependencies, asks its memory manager for every output array and parameterises every op again.
 * For a small graph that machinery is almost the whole cost (B1's 9-op linear gradient: 0.22 ms per
 * call, against 0.023 ms for the same ops run here, measured), and for a large one its fresh arrays
 * per call are garbage for the collector and native memory to churn through. A program allocates
 * its arrays once, for one shape of the placeholders; the variables' arrays are read live, so a
 * descent that updates them in place is seen at the next run.
 *
 * <p>An op whose result no run can change runs once, when it is laid out, and not at every run: its inputs
 * are constants, variables that do not vary, results of such ops, or an input whose shape alone it reads
 * (a reduction's backprop spreads its gradient over its input's shape). Those are the gradient's seed and
 * its spreading over the per-model losses and, for the linear loss, over the parameters: its 9 ops become
 * 6 per run. So does the backward pass of a stopped gradient, zero at every run (a softmax's row maximum,
 * subtracted only to keep exp finite). An op that reads only the fed arrays and such results runs only when
 * another feed is bound: a network's patches of the images (im2col and its permutes) are made once for a full
 * batch, and once per batch for mini-batches, not at every evaluation. A product's backward op
 * ({@code matmul_bp}) computes the gradients of both its inputs; where the graph uses one (the other is a
 * constant's, such as the design matrix), the program runs the one product that computes it instead; so for a
 * broadcast element-wise product ({@code multiply_bp}) whose used gradient is that of the input of the product's
 * shape (a cross-entropy's product with one-hot labels); where both its gradients are used, they are two products
 * and a sum over the broadcast axes, which libnd4j's multiply_bp computes 15 times slower. A sigmoid's backward op takes the sigmoid's output, which
 * the forward pass computed, instead of working the exponentials out again. The backward ops of a sum and a difference
 * read their terms' shapes only, so where the gradient they pass on is fixed (a mean's), so is what they compute. A reshape of an array the program computes is a view of
 * that array, not a copy (libnd4j's reshape op copies). The ops that run are told their outputs are laid out
 * (libnd4j's shape-function override), so libnd4j does not work out their shapes again. These matter beyond the time
 * they save: each shape libnd4j works out goes through one cache for the whole process, behind one mutex,
 * and task threads that run side by side queue on it (the linear gradient and its step: 22 lookups per
 * step before these changes, 5 after).
 *
 * <p>Where the JVM can run them at speed, runs of element-wise ops of one shape run fused, one loop over tiles of
 * their values, with the products they read and feed ({@link FusedElementwise}; the order, {@link #schedule}).
 *
 * <p>It serves graphs without control flow (no loops, conditions or tensor lists), which is every graph
 * a model family builds; any other op is refused when the program is laid out.
 */
public final class GraphProgram {
    /** Legacy reductions libnd4j also has as custom ops of the same name. */
    private static final Set<String> CUSTOM_REDUCTIONS = Set.of("reduce_sum", "reduce_mean");
    /**
     * Ops whose first inputs give only their shapes, not their values, to their results, by how many: a sum's or a
     * difference's backward op passes the gradient on to each term, reduced to its shape.
     */
    private static final Map<String, Integer> SHAPE_ONLY_INPUTS = Map.of("reduce_sum_bp", 1, "reduce_mean_bp", 1,
            "shape_of", 1, "zeroslike", 1, "add_bp", 2, "subtract_bp", 2);
    /**
     * Backward ops by the place of the gradient they propagate among their inputs: a backward pass is linear in
     * that gradient, so where it is zero (a stopped gradient's {@code zeroslike}) its results are zeros at every
     * run.
     */
    private static final Map<String, Integer> PROPAGATED_GRADIENT = Map.of("reduce_max_bp", 1);
    private final List<DifferentialFunction> ops = new ArrayList<>();
    /**
     * For each op, its runner straight through libnd4j, or null for a legacy op run through ND4J (see
     * {@link #nativeRunner}).
     */
    private final List<NativeOp> natives = new ArrayList<>();
    private final List<OpContext> contexts = new ArrayList<>();
    /** For each op, the graph's names of its inputs and of its outputs. */
    private final List<String[]> inputNames = new ArrayList<>();
    private final List<String[]> outputNames = new ArrayList<>();
    /** For each name of a view of another array the program computes (see {@link #addView}), that array's name. */
    private final Map<String, String> viewOf = new HashMap<>();
    /** What a run runs, in turn (see {@link #schedule}). */
    private final List<Item> items;
    /** Each input of an op that a placeholder feeds: where to put the fed array before a run. */
    private final List<PlaceholderInput> placeholderInputs = new ArrayList<>();
    private final Map<String, INDArray> values = new HashMap<>();
    /** The arrays whose values no run changes: outputs of the ops run only when laid out. */
    private final Set<String> fixedValues = new HashSet<>();
    /** The arrays that are zero at every run: a {@code zeroslike}'s and what a zero gradient propagates to. */
    private final Set<String> zeroValues = new HashSet<>();
    /** The arrays whose values only the fed arrays change: outputs of the ops run only when a feed is bound. */
    private final Set<String> fedValues = new HashSet<>();
    /** For each op, whether it reads only fed arrays and fixed values (see {@link #fedValues}). */
    private final List<Boolean> onlyFed = new ArrayList<>();
    /**
     * The arrays whose values only the varying variables change: outputs of the ops that read nothing else (such as
     * the layers' matrices sliced from the parameters), the same for every block of rows of one evaluation.
     */
    private final Set<String> parameterValues = new HashSet<>();
    /** For each op, whether it reads only the varying variables and fixed values (see {@link #parameterValues}). */
    private final List<Boolean> onlyParameters = new ArrayList<>();
    /** The variables whose values change between runs (the parameters a descent updates in place). */
    private final Set<String> varying;
    /** The outputs' arrays by name: the same arrays at every run. */
    private final Map<String, INDArray> outputs = new HashMap<>();
    private final Map<String, long[]> placeholderShapes = new HashMap<>();
    private Map<String, INDArray> bound;

    private record PlaceholderInput(int op, int argument, String placeholder) {
    }

    /** One op (its index), or consecutive element-wise ops fused into one loop (then {@code op} is -1). */
    private record Item(int op, FusedElementwise fused) {
    }

    /**
     * Lays out the ops that {@code outputs} need, for placeholders of the shapes of {@code feed}; variables
     * other than {@code varying} keep their values from run to run.
     *
     * @throws IllegalStateException for a graph with control flow
     */
    GraphProgram(SameDiff graph, List<String> outputs, Map<String, INDArray> feed, Set<String> varying) {
        this.varying = varying;
        Set<String> order = new LinkedHashSet<>();
        for (String output : outputs) {
            addProducers(graph, output, order);
        }
        Set<String> used = new HashSet<>(outputs);
        for (String opName : order) {
            used.addAll(Arrays.asList(graph.getOps().get(opName).getOp().argNames()));
        }
        Map<String, String> sigmoids = new HashMap<>();
        for (String opName : order) {
            DifferentialFunction op = graph.getOps().get(opName).getOp();
            if (op.opName().equals("sigmoid")) {
                sigmoids.put(op.argNames()[0], op.outputVariablesNames()[0]);
            }
        }
        for (String opName : order) {
            for (Step step : Step.of(graph.getOps().get(opName).getOp(), used, name -> array(graph, name, feed),
                    sigmoids::get)) {
                add(graph, step, feed);
            }
        }
        for (String output : outputs) {
            this.outputs.put(output, values.get(output));
        }
        feed.forEach((name, array) -> placeholderShapes.put(name, array.shape()));
        bound = feed;
        items = schedule(FusedElementwise.AVAILABLE);
    }

    /**
     * The order a run takes the ops in, and where {@code fuse}, runs of element-wise ops of one shape fused into one
     * loop each (see {@link FusedElementwise}). The ops that read only fed arrays come first, then those that read only
     * the parameters, then the rest, each part in the order laid out: an op of the first two parts reads nothing the
     * later parts compute, and out of the way they leave the element-wise ops between the products consecutive (a
     * network's layer matrices sliced from the parameters sit between its hidden layer's ops in the graph). An op that
     * is not element-wise waits until the group before it ends, so that the element-wise ops after it that do not
     * read its results join that group (cross-entropy's backward ops join its forward ones across the loss's mean).
     */
    private List<Item> schedule(boolean fuse) {
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, ops.size()).filter(onlyFed::get).forEach(order::add);
        IntStream.range(0, ops.size()).filter(op -> !onlyFed.get(op) && onlyParameters.get(op)).forEach(order::add);
        IntStream.range(0, ops.size()).filter(op -> !onlyFed.get(op) && !onlyParameters.get(op)).forEach(order::add);
        List<Item> scheduled = new ArrayList<>();
        if (fuse) {
            schedule(order, scheduled);
        } else {
            order.forEach(op -> scheduled.add(new Item(op, null)));
        }
        return scheduled;
    }

    /**
     * Adds the ops of {@code order} to {@code scheduled} in groups: an element-wise op joins the group before it where
     * it can; any other op, and an element-wise op of another shape, waits until the group ends, and the waiting ops
     * are then scheduled the same way (in groups of their own); an element-wise op of the group's shape that cannot join
     * it ends the group and starts the next. Which ops form a group depends on the graph's shapes, never on their
     * sizes, so a sweep's numbers do not depend on how many models a task batches.
     */
    private void schedule(List<Integer> order, List<Item> scheduled) {
        List<Integer> group = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        for (int op : order) {
            boolean elementwise = !onlyFed.get(op) && !onlyParameters.get(op)
                    && FusedElementwise.joins(ops.get(op), contexts.get(op), null);
            if (elementwise && !group.isEmpty() && joinsGroup(op, group, waiting)) {
                group.add(op);
            } else if (!group.isEmpty() && (!elementwise || !sameShape(op, group))) {
                waiting.add(op);
            } else {
                addGroup(group, waiting, scheduled);
                if (elementwise) {
                    group.add(op);
                } else {
                    scheduled.add(new Item(op, null));
                }
            }
        }
        addGroup(group, waiting, scheduled);
    }

    /**
     * Whether {@code op} can join {@code group}: its output has the group's shape, it reads nothing the {@code waiting}
     * ops compute, and no result of the group through a view (a group writes its results back a tile at a time,
     * after its ops read theirs).
     */
    private boolean joinsGroup(int op, List<Integer> group, List<Integer> waiting) {
        OpContext first = contexts.get(group.get(0));
        if (!FusedElementwise.joins(ops.get(op), contexts.get(op), first.getOutputArray(0).shape())) {
            return false;
        }
        Set<String> results = resultsOf(group);
        Set<String> waitingResults = resultsOf(waiting);
        for (String input : inputNames.get(op)) {
            if (waitingResults.contains(input)) {
                return false;
            }
            for (String viewed = viewOf.get(input); viewed != null; viewed = viewOf.get(viewed)) {
                if (results.contains(viewed) || waitingResults.contains(viewed)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean sameShape(int op, List<Integer> group) {
        return Arrays.equals(contexts.get(op).getOutputArray(0).shape(),
                contexts.get(group.get(0)).getOutputArray(0).shape());
    }

    private Set<String> resultsOf(List<Integer> someOps) {
        Set<String> results = new HashSet<>();
        someOps.forEach(op -> results.addAll(Arrays.asList(outputNames.get(op))));
        return results;
    }

    /**
     * Adds the ops of {@code group} as one fused item, writing back what ops outside it read, then schedules the
     * {@code waiting} ops, and empties both. The group takes in the product whose result it reads where nothing else reads it before
     * the group, and the product of a result of its own that nothing else reads (see {@link FusedElementwise.Product}).
     */
    private void addGroup(List<Integer> group, List<Integer> waiting, List<Item> scheduled) {
        if (group.isEmpty()) {
            return;
        }
        long[] shape = contexts.get(group.get(0)).getOutputArray(0).shape();
        Set<String> results = resultsOf(group);
        int backward = backwardProduct(results, shape, waiting);
        Set<String> read = new HashSet<>(outputs.keySet());
        read.addAll(viewOf.values());
        for (int op = 0; op < ops.size(); op++) {
            if (!group.contains(op) && op != backward) {
                read.addAll(Arrays.asList(inputNames.get(op)));
            }
        }
        FusedElementwise.Product forward = forwardProduct(group, results, shape, scheduled);
        List<FusedElementwise.Member> members = new ArrayList<>();
        for (int op : group) {
            DifferentialFunction function = ops.get(op);
            members.add(new FusedElementwise.Member(FusedElementwise.Kind.of(function, contexts.get(op)), function,
                    contexts.get(op), inputNames.get(op), outputNames.get(op)[0]));
        }
        // a group of cheap ops alone (products, masks) is no faster fused than through libnd4j, in float64 lanes or
        // in float32 ones (measured: a tile's reads, writes and loops cost as much as the ops)
        if (forward == null && backward < 0 && members.stream().noneMatch(member -> member.kind().transcendental())) {
            group.forEach(op -> scheduled.add(new Item(op, null)));
        } else {
            scheduled.add(new Item(-1, new FusedElementwise(members, read, forward, backward < 0 ? null
                    : new FusedElementwise.Product(contexts.get(backward), inputNames.get(backward)[1]))));
            waiting.remove(Integer.valueOf(backward));
        }
        List<Integer> rest = List.copyOf(waiting);
        group.clear();
        waiting.clear();
        schedule(rest, scheduled);
    }

    /** The product among {@code waiting} of one of {@code results} that nothing else reads; or -1. */
    private int backwardProduct(Set<String> results, long[] shape, List<Integer> waiting) {
        for (int op : waiting) {
            String[] inputs = inputNames.get(op);
            if (inputs.length == 2 && results.contains(inputs[1]) && readers(inputs[1]).equals(List.of(op))
                    && !outputs.containsKey(inputs[1]) && !viewOf.containsValue(inputs[1])
                    && FusedElementwise.Product.fits(ops.get(op), contexts.get(op), shape, false)) {
                return op;
            }
        }
        return -1;
    }

    /**
     * The product, among the ops {@code scheduled} before {@code group}, whose result the group reads and no op
     * scheduled after it reads, taken out of {@code scheduled}; or null.
     */
    private FusedElementwise.Product forwardProduct(List<Integer> group, Set<String> results, long[] shape,
                                                    List<Item> scheduled) {
        for (int member : group) {
            for (String input : inputNames.get(member)) {
                for (int position = scheduled.size() - 1; position >= 0 && !results.contains(input); position--) {
                    int op = scheduled.get(position).op();
                    if (op >= 0 && Arrays.asList(outputNames.get(op)).contains(input)) {
                        boolean readBefore = scheduled.subList(position + 1, scheduled.size()).stream()
                                .anyMatch(item -> item.op() < 0 || reads(item.op(), input));
                        if (readBefore || onlyFed.get(op) || onlyParameters.get(op)
                                || !FusedElementwise.Product.fits(ops.get(op), contexts.get(op), shape, true)) {
                            break;
                        }
                        scheduled.remove(position);
                        return new FusedElementwise.Product(contexts.get(op), input);
                    }
                }
            }
        }
        return null;
    }

    /** Whether {@code op} reads {@code name} or a view of it. */
    private boolean reads(int op, String name) {
        for (String input : inputNames.get(op)) {
            for (String viewed = input; viewed != null; viewed = viewOf.get(viewed)) {
                if (viewed.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ops that read {@code name} or a view of it. */
    private List<Integer> readers(String name) {
        return IntStream.range(0, ops.size()).filter(op -> reads(op, name)).boxed().toList();
    }

    /** Adds the op computing {@code variable}, after the ops computing its inputs (depth first). */
    private static void addProducers(SameDiff graph, String variable, Set<String> order) {
        String opName = graph.getVariables().get(variable).getOutputOfOp();
        if (opName == null || order.contains(opName)) {
            return;
        }
        SameDiffOp op = graph.getOps().get(opName);
        if (op.getControlDeps() != null && !op.getControlDeps().isEmpty()) {
            throw new IllegalStateException("op " + opName + " has control dependencies: not a graph a program runs");
        }
        for (String input : op.getOp().argNames()) {
            addProducers(graph, input, order);
        }
        order.add(opName);
    }

    /** An op as the program runs it, with the graph's variables it reads and writes. */
    private record Step(DifferentialFunction op, String[] argumentNames, String[] outputNames) {
        /**
         * SameDiff's op as it is; or, where the graph uses only part of what it computes, an op computing that; or,
         * for a sigmoid's backward op whose sigmoid the graph computes, the steps computing it from that sigmoid.
         *
         * @param sigmoids the output of the graph's sigmoid of each input it takes a sigmoid of
         */
        static List<Step> of(DifferentialFunction op, Set<String> used, Function<String, INDArray> arrays,
                             Function<String, String> sigmoids) {
            String[] outputNames = op.outputVariablesNames();
            String sigmoid = op.opName().equals("sigmoid_bp") ? sigmoids.apply(op.argNames()[0]) : null;
            if (sigmoid != null) {
                return sigmoidGradient(sigmoid, arrays.apply(sigmoid), op.argNames()[1], outputNames[0]);
            }
            boolean oneGradient = outputNames.length == 2
                    && used.contains(outputNames[0]) != used.contains(outputNames[1]);
            if (oneGradient && op instanceof DynamicCustomOp product && product.opName().equals("matmul_bp")) {
                return List.of(productGradient(product, used.contains(outputNames[0])));
            }
            if (op.opName().equals("multiply_bp")) {
                List<Step> products = broadcastProductGradients(op.argNames(), outputNames, used, arrays);
                if (products != null) {
                    return products;
                }
            }
            return List.of(new Step(op, op.argNames(), outputNames));
        }

        /**
         * The gradients of z = x·y element-wise, one input of z's shape and the other broadcast along some of its
         * axes, those the graph uses: the full input's is the product of z's gradient and the other input; the
         * broadcast input's is the product of z's gradient and the full input, summed over the axes it is broadcast
         * along. libnd4j's {@code multiply_bp} computes the same and is slow at it: a network's output layer of one
         * unit a model (values 257×8×16 times weights 1×8×16) took 24.6 ms a step through it, against about 1.5 ms
         * for these three passes (measured); where both inputs have z's shape, each one's gradient is a product. Null
         * where neither input has z's shape or their ranks differ.
         */
        private static List<Step> broadcastProductGradients(String[] names, String[] outputNames, Set<String> used,
                                                            Function<String, INDArray> arrays) {
            long[] product = arrays.apply(names[2]).shape();
            int full = Arrays.equals(arrays.apply(names[0]).shape(), product) ? 0
                    : Arrays.equals(arrays.apply(names[1]).shape(), product) ? 1 : -1;
            if (full < 0 || arrays.apply(names[1 - full]).rank() != product.length) {
                return null;
            }
            List<Step> steps = new ArrayList<>();
            if (used.contains(outputNames[full])) {
                steps.add(new Step(DynamicCustomOp.builder("multiply").build(), new String[] {names[2], names[1 - full]},
                        new String[] {outputNames[full]}));
            }
            if (used.contains(outputNames[1 - full])) {
                long[] broadcast = arrays.apply(names[1 - full]).shape();
                int[] axes = IntStream.range(0, product.length)
                        .filter(axis -> broadcast[axis] == 1 && product[axis] != 1).toArray();
                String terms = axes.length == 0 ? outputNames[1 - full] : outputNames[1 - full] + "/terms";
                steps.add(new Step(DynamicCustomOp.builder("multiply").build(), new String[] {names[2], names[full]},
                        new String[] {terms}));
                if (axes.length > 0) {
                    steps.add(new Step(DynamicCustomOp.builder("reduce_sum").addIntegerArguments(axes)
                            .addBooleanArguments(true).build(), new String[] {terms},
                            new String[] {outputNames[1 - full]}));
                }
            }
            return steps;
        }

        /**
         * The gradient g·σ(x)·(1 − σ(x)) of a sigmoid from its output σ(x), which the graph computes anyway:
         * libnd4j's {@code sigmoid_bp} takes x and works the sigmoid out again, an exponential a value (in a tanh
         * network's backward pass, 9 of its 33 ms a step, against about 2 for these three passes, measured). 1 − σ
         * is exact where σ ≥ ½, so the product keeps its relative precision where σ nears 1.
         */
        private static List<Step> sigmoidGradient(String sigmoid, INDArray sigmoidArray, String gradient,
                                                  String output) {
            String complement = output + "/1-sigmoid";
            String scaled = output + "/gradient·sigmoid";
            return List.of(
                    new Step(new ScalarReverseSubtraction(sigmoidArray, 1.0), new String[] {sigmoid},
                            new String[] {complement}),
                    new Step(DynamicCustomOp.builder("multiply").build(), new String[] {gradient, sigmoid},
                            new String[] {scaled}),
                    new Step(DynamicCustomOp.builder("multiply").build(), new String[] {scaled, complement},
                            new String[] {output}));
        }

        /**
         * One of the two gradients of a matrix product z = op(x)·op(y), as the product libnd4j's {@code matmul_bp}
         * computes it (the same op, arguments and result): {@code matmul_bp} always computes both, and in a
         * model's graph one is typically the gradient of a constant, such as the design matrix, n×(d+1) values
         * per step written and never read.
         */
        private static Step productGradient(DynamicCustomOp backward, boolean ofX) {
            String[] names = backward.argNames();
            String[] gradients = backward.outputVariablesNames();
            long[] flags = backward.iArgs();
            int transposeX = flags.length > 0 ? (int) flags[0] : 0;
            int transposeY = flags.length > 1 ? (int) flags[1] : 0;
            int transposeZ = flags.length > 2 ? (int) flags[2] : 0;
            // matmul_bp: dL/dx = matmul(eps, y; transZ, !transY, transX),
            //            dL/dy = matmul(x, eps; !transX, transZ, transY)
            int[] productFlags = ofX ? new int[] {transposeZ, 1 - transposeY, transposeX}
                    : new int[] {1 - transposeX, transposeZ, transposeY};
            DynamicCustomOp product = DynamicCustomOp.builder("matmul").addIntegerArguments(productFlags)
                    .addFloatingPointArguments(Arrays.stream(backward.tArgs()).boxed().toArray(Double[]::new)).build();
            return ofX ? new Step(product, new String[] {names[2], names[1]}, new String[] {gradients[0]})
                    : new Step(product, new String[] {names[0], names[2]}, new String[] {gradients[1]});
        }
    }

    private void add(SameDiff graph, Step step, Map<String, INDArray> feed) {
        DifferentialFunction op = step.op();
        String[] argumentNames = step.argumentNames();
        INDArray[] arguments = new INDArray[argumentNames.length];
        boolean fixed = true;
        boolean readsOnlyFed = true;
        boolean readsOnlyParameters = true;
        List<PlaceholderInput> fed = new ArrayList<>();
        for (int i = 0; i < arguments.length; i++) {
            // null for an array of the program's own making (see Step)
            SDVariable variable = graph.hasVariable(argumentNames[i]) ? graph.getVariable(argumentNames[i]) : null;
            boolean placeholder = variable != null && variable.isPlaceHolder();
            if (placeholder) {
                fed.add(new PlaceholderInput(ops.size(), i, argumentNames[i]));
            }
            arguments[i] = array(graph, argumentNames[i], feed);
            boolean readsShapeOnly = i < SHAPE_ONLY_INPUTS.getOrDefault(op.opName(), 0);
            boolean fixedArgument = fixedValues.contains(argumentNames[i]) || variable != null
                    && (variable.isConstant() || variable.getVariableType() == VariableType.VARIABLE
                    && !varying.contains(argumentNames[i]));
            fixed &= readsShapeOnly || fixedArgument;
            readsOnlyFed &= readsShapeOnly || fixedArgument || placeholder || fedValues.contains(argumentNames[i]);
            readsOnlyParameters &= readsShapeOnly || fixedArgument || parameterValues.contains(argumentNames[i])
                    || variable != null && variable.getVariableType() == VariableType.VARIABLE
                    && varying.contains(argumentNames[i]);
            if (arguments[i] == null) {
                throw new IllegalStateException("no array for " + argumentNames[i] + ", input of op " + op.getOwnName());
            }
        }
        Integer propagated = PROPAGATED_GRADIENT.get(op.opName());
        boolean zero = op.opName().equals("zeroslike")
                || propagated != null && zeroValues.contains(argumentNames[propagated]);
        fixed |= zero;
        String[] outputNames = step.outputNames();
        if (zero) {
            zeroValues.addAll(Arrays.asList(outputNames));
        }
        OpContext context = Nd4j.getExecutioner().buildContext();
        List<LongShapeDescriptor> shapes;
        if (op instanceof DynamicCustomOp custom) {
            context.setArgs(arguments, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
            shapes = custom.calculateOutputShape(context);
        } else if (op instanceof BaseOp legacy) {
            boolean axisArgument = legacy instanceof ReduceOp reduce && reduce.getOpType() != Op.Type.REDUCE3
                    && arguments.length == 2;
            if (axisArgument) {
                legacy.setDimensions(Shape.normalizeAxis(arguments[0].rank(), arguments[1].toIntVector()));
                ((BaseReduceOp) legacy).setEmptyReduce(false);
            }
            boolean scalarArgument = legacy instanceof ScalarOp && arguments.length == 2;
            if (scalarArgument) {
                ((ScalarOp) legacy).setScalar(arguments[1]);
            }
            context.setInputArray(0, arguments[0]);
            if (arguments.length == 2 && !axisArgument && !scalarArgument) {
                context.setInputArray(1, arguments[1]);
            }
            // a scalar op of the program's own (see Step) has no graph to work its shape out from: its input's
            shapes = legacy.getSameDiff() == null ? List.of(arguments[0].shapeDescriptor())
                    : legacy.calculateOutputShape(context);
        } else {
            throw new IllegalStateException("op " + op.getOwnName() + " (" + op.getClass().getSimpleName()
                    + ") is control flow: not a graph a program runs");
        }
        if (op.opName().equals("reshape") && values.containsKey(argumentNames[0]) && isDense(arguments[0])) {
            release(context);
            addView(arguments[0], argumentNames[0], outputNames[0], shapes.get(0).getShape(), fixed, readsOnlyFed, readsOnlyParameters);
            return;
        }
        for (int i = 0; i < shapes.size(); i++) {
            LongShapeDescriptor shape = shapes.get(i);
            // as SameDiff's session does: an op with several valid output types takes its variable's type
            DataType type = graph.hasVariable(outputNames[i]) ? graph.getVariable(outputNames[i]).dataType()
                    : shape.dataType();
            INDArray output = Nd4j.create(shape.dataType() == type ? shape : shape.asDataType(type), false);
            context.setOutputArray(i, output);
            values.put(outputNames[i], output);
        }
        NativeOp runner = nativeRunner(op, context);
        // run as it is laid out, so that the ops after it read real values: an op's output shape may depend on
        // its inputs' values (a reshape to the shape another op measured), not only on their shapes
        execute(op, runner, context);
        if (fixed) {
            fixedValues.addAll(Arrays.asList(outputNames));
            return;
        }
        if (readsOnlyFed) {
            fedValues.addAll(Arrays.asList(outputNames));
        }
        if (readsOnlyParameters) {
            parameterValues.addAll(Arrays.asList(outputNames));
        }
        // its outputs are laid out: libnd4j need not work out their shapes again at every run
        context.shapeFunctionOverride(true);
        placeholderInputs.addAll(fed);
        onlyFed.add(readsOnlyFed);
        onlyParameters.add(readsOnlyParameters);
        ops.add(op);
        natives.add(runner);
        contexts.add(context);
        inputNames.add(argumentNames);
        this.outputNames.add(outputNames);
    }

    /** The array of {@code name}: fed, a constant's or variable's own, or an op's output laid out before; or null. */
    private INDArray array(SameDiff graph, String name, Map<String, INDArray> feed) {
        if (!graph.hasVariable(name)) {
            return values.get(name);
        }
        SDVariable variable = graph.getVariable(name);
        if (variable.isPlaceHolder()) {
            return feed.get(name);
        }
        return variable.isConstant() || variable.getVariableType() == VariableType.VARIABLE ? variable.getArr()
                : values.get(name);
    }

    /** Whether {@code array} holds its values from the start of its buffer, in C order, with no gaps. */
    private static boolean isDense(INDArray array) {
        return array.ordering() == 'c' && array.offset() == 0
                && Arrays.equals(array.stride(), ArrayUtil.calcStrides(array.shape()));
    }

    private static void release(OpContext context) {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A reshape of an array the program computes, in C order with its default strides, as a view of that array: the
     * same values at every run, nothing copied (a reshape op copies its input into its output).
     */
    private void addView(INDArray input, String inputName, String outputName, long[] shape, boolean fixed,
                         boolean readsOnlyFed, boolean readsOnlyParameters) {
        values.put(outputName, input.reshape('c', true, shape));
        viewOf.put(outputName, inputName);
        if (fixed) {
            fixedValues.add(outputName);
        } else if (readsOnlyFed) {
            fedValues.add(outputName);
        } else if (readsOnlyParameters) {
            parameterValues.add(outputName);
        }
    }

    /**
     * The op's runner straight through libnd4j, or null for a legacy op that runs through ND4J's executioner: a
     * custom op's own; for a legacy sum or mean over fixed dimensions (what {@code SDVariable.sum(dims)} builds),
     * libnd4j's custom op of the same name and kernel on the same context, its dimensions and keep-dims flag
     * given as arguments, since ND4J's legacy path allocates native memory for the dimensions at every call.
     */
    private static NativeOp nativeRunner(DifferentialFunction op, OpContext context) {
        if (op instanceof CustomOp custom) {
            return new NativeOp(custom);
        }
        if (op instanceof BaseReduceOp reduce && CUSTOM_REDUCTIONS.contains(reduce.opName())) {
            int[] dimensions = reduce.getDimensions();
            // ND4J marks a reduction over every dimension (what SDVariable.mean() builds) as [Integer.MAX_VALUE]; the
            // custom op reduces over every dimension when given none
            boolean every = dimensions == null || dimensions.length == 0
                    || dimensions.length == 1 && dimensions[0] == Integer.MAX_VALUE;
            if (!every) {
                context.setIArguments(Arrays.stream(dimensions).asLongStream().toArray());
            }
            context.setBArguments(reduce.isKeepDims());
            return new NativeOp(DynamicCustomOp.builder(reduce.opName()).build());
        }
        return null;
    }

    /** Runs one op: straight through libnd4j where it can (see {@link #nativeRunner}), else through ND4J. */
    private static void execute(DifferentialFunction op, NativeOp runner, OpContext context) {
        if (runner != null) {
            runner.run(context);
        } else {
            Nd4j.exec((Op) op, context);
        }
    }

    /**
     * The share of the values the program computes that only the fed arrays change (see {@link #fedValues}): results
     * that serve every run on the same feed, such as a convolution's patches of the images.
     */
    double fedShare() {
        long fed = 0;
        long all = 0;
        for (int i = 0; i < contexts.size(); i++) {
            OpContext context = contexts.get(i);
            for (int output = 0; output < context.numOutputArguments(); output++) {
                long values = context.getOutputArray(output).length();
                all += values;
                fed += onlyFed.get(i) ? values : 0;
            }
        }
        return all == 0 ? 0 : (double) fed / all;
    }

    /** The most values an array the program computes holds a row, where the program was laid out for {@code rows}. */
    long valuesPerRow(long rows) {
        long most = 0;
        for (INDArray array : values.values()) {
            if (Arrays.stream(array.shape()).anyMatch(size -> size == rows)) {
                most = Math.max(most, array.length() / rows);
            }
        }
        return most;
    }

    /** Whether the program was laid out for placeholders of these arrays' shapes. */
    boolean fits(Map<String, INDArray> feed) {
        for (Map.Entry<String, long[]> placeholder : placeholderShapes.entrySet()) {
            INDArray array = feed.get(placeholder.getKey());
            if (array == null || !Arrays.equals(array.shape(), placeholder.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the ops on {@code feed} (arrays of the shapes the program was laid out for) and the variables'
     * current values. The ops that read only fed arrays run again only for another feed map than the last run's:
     * a caller gives a new map for new rows and never writes into the arrays of one it gave.
     *
     * @return the outputs' arrays by name: the program's own, overwritten by the next run (the map too is the
     *         same at every run)
     */
    Map<String, INDArray> run(Map<String, INDArray> feed) {
        return run(feed, false);
    }

    /**
     * Runs the ops like {@link #run(Map)}, and where {@code sameParameters}, not those that read only the varying
     * variables: the caller has run the program since the variables last changed (another block of the same rows).
     */
    Map<String, INDArray> run(Map<String, INDArray> feed, boolean sameParameters) {
        return run(feed, sameParameters, null);
    }

    /**
     * Runs the ops like {@link #run(Map, boolean)}, adding each op's time to {@code nanos} where it is given (one a step
     * of the program, in its order, as {@link #opTimes} lists them).
     */
    Map<String, INDArray> run(Map<String, INDArray> feed, boolean sameParameters, long[] nanos) {
        boolean rebound = rebind(feed);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            int op = item.op();
            if (item.fused() == null && (!rebound && onlyFed.get(op) || sameParameters && onlyParameters.get(op))) {
                continue;
            }
            long start = nanos == null ? 0 : System.nanoTime();
            if (item.fused() != null) {
                item.fused().run();
            } else {
                execute(ops.get(op), natives.get(op), contexts.get(op));
            }
            if (nanos != null) {
                nanos[i] += System.nanoTime() - start;
            }
        }
        return outputs;
    }

    /** Binds the placeholders' inputs to {@code feed}'s arrays, unless they are bound to them; whether it did. */
    private boolean rebind(Map<String, INDArray> feed) {
        boolean rebound = feed != bound;
        if (rebound) {
            for (PlaceholderInput input : placeholderInputs) {
                INDArray array = feed.get(input.placeholder());
                DifferentialFunction op = ops.get(input.op());
                if (op instanceof ScalarOp scalar && input.argument() == 1) {
                    scalar.setScalar(array);
                } else {
                    contexts.get(input.op()).setInputArray(input.argument(), array);
                }
            }
            bound = feed;
        }
        return rebound;
    }

    /** One op of a program and the time it took. */
    public record OpTime(String op, String inputs, double milliseconds) {
    }

    /**
     * The ops with their inputs' shapes and the time {@code nanos} gives each over {@code runs} runs; a group of fused
     * ops as one, with the shape of its outputs.
     */
    List<OpTime> opTimes(long[] nanos, int runs) {
        List<OpTime> times = new ArrayList<>();
        for (int item = 0; item < items.size(); item++) {
            FusedElementwise fused = items.get(item).fused();
            if (fused != null) {
                times.add(new OpTime(fused.describe(), Arrays.toString(fused.shape()), nanos[item] / 1e6 / runs));
                continue;
            }
            int i = items.get(item).op();
            StringBuilder inputs = new StringBuilder();
            OpContext context = contexts.get(i);
            for (int argument = 0; argument < context.numInputArguments(); argument++) {
                INDArray input = context.getInputArray(argument);
                inputs.append(argument == 0 ? "" : ", ").append(input == null ? "–" : Arrays.toString(input.shape()));
            }
            String reads = onlyFed.get(i) ? " (fed)" : onlyParameters.get(i) ? " (parameters)" : "";
            times.add(new OpTime(ops.get(i).opName() + reads, inputs.toString(), nanos[item] / 1e6 / runs));
        }
        return times;
    }

    /** How many ops, or groups of fused ops, a run runs at most. */
    int size() {
        return items.size();
    }

    /** Frees the native memory of the arrays the program allocated, now rather than when the collector finds them. */
    void close() {
        values.values().forEach(INDArray::close);
    }
}
