package dev.lrsweep.worker.graph;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.optimizer.UpdateRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One SameDiff graph holding k independent models of one family over the same data. The parameters
 * are one matrix of p×k: column i is model i's parameter vector (see {@link Layout}), measured from an
 * origin θ₀ that a family may choose (the graph's variable is Θ − θ₀; a translation changes neither
 * the gradient nor the descent, only which numbers the graph holds).
 *
 * <p>The graph's loss is the sum of the k per-model losses. Model i's parameters appear only in its own
 * term, so the gradient of the sum with respect to column i is exactly model i's own gradient: one
 * gradient evaluation, by SameDiff's automatic differentiation, serves all k models. A family gives
 * the loss form: the per-model losses as a graph of the variable, up to a constant added outside the
 * graph (a constant has no gradient), and for a classifier its logits.
 */
public final class ModelGraph implements DescentModels {
    private static final String PARAMETERS = "parameters";
    private static final String MODEL_LOSSES = "model_losses";
    private static final String ACCURACIES = "accuracies";
    private static final String TOTAL_LOSS = "total_loss";
    /** The name SameDiff gives the gradient function it builds. */
    private static final String GRADIENT_FUNCTION = "grad";
    /**
     * How many programs of the gradient function, for as many shapes of rows, a graph keeps: blocks of two sizes (see
     * {@link #use}), for a mini-batch descent of its batches and of a shorter last one.
     */
    private static final int PROGRAMS = 4;
    /**
     * The values a row block's array holds: 256 KB in float64, so that the arrays an op reads and writes stay in this
     * machine's 2 MB L2 cache from the forward product to the backward one. Measured: B4 (8 models) in blocks of
     * 4,096 rows took 25 ms a step against 30 ms unblocked, B5 (128 hidden values a row) in blocks of 256 rows 22
     * against 27.5 ms.
     */
    private static final long BLOCK_VALUES = 32_768;
    /** The rows of the block a graph is first laid out on, to measure how many values a row takes. */
    private static final int PROBE_ROWS = 256;

    /**
     * A family's loss, as a graph of the parameter matrix measured from the origin, p×k, and of the rows it
     * reads through {@code inputs}, in {@code inputs.type()}.
     */
    @FunctionalInterface
    public interface LossForm {
        Outputs build(SameDiff graph, SDVariable parameters, Inputs inputs);
    }

    /**
     * The rows a loss form reads, as placeholders the graph is fed with at each evaluation: the same graph
     * evaluates any rows of the same features (all the data, or one slice of it after another).
     */
    public static final class Inputs {
        private static final String DESIGN = "design";
        private static final String FEATURES = "features";
        private static final String LABELS = "labels";
        private static final String LABELS_BY_ROWS = "labels_by_rows";
        private static final String ONE_HOT_CLASSES = "one_hot_classes";
        private final SameDiff graph;
        private final int features;
        private final DataType type;

        Inputs(SameDiff graph, int features, DataType type) {
            this.graph = graph;
            this.features = features;
            this.type = type;
        }

        /** The graph's precision. */
        public DataType type() {
            return type;
        }

        /** The augmented design matrix A = [X | 1], n×(d+1). */
        public SDVariable design() {
            return placeholder(DESIGN, -1, features + 1);
        }

        /** The features X, n×d. */
        public SDVariable features() {
            return placeholder(FEATURES, -1, features);
        }

        /** The labels, n×1. */
        public SDVariable labels() {
            return placeholder(LABELS, -1, 1);
        }

        /** The labels over the row count, yᵀ/n, 1×n: a product with it is the labels' weighted mean. */
        public SDVariable labelsByRows() {
            return placeholder(LABELS_BY_ROWS, 1, -1);
        }

        /** The labels, classes 0 … K−1, one-hot: n×K, row i holding 1 in column y_i and 0 elsewhere. */
        public SDVariable oneHotClasses(int classes) {
            return placeholder(ONE_HOT_CLASSES, -1, classes);
        }

        private SDVariable placeholder(String name, long... shape) {
            return graph.hasVariable(name) ? graph.getVariable(name) : graph.placeHolder(name, type, shape);
        }

        /** The arrays the graph's placeholders take for {@code rows}. */
        Map<String, INDArray> feed(Dataset rows) {
            Map<String, INDArray> feed = new HashMap<>();
            int n = rows.rows();
            if (graph.hasVariable(DESIGN)) {
                feed.put(DESIGN, Nd4j.create(augmented(rows), new long[] {n, features + 1}, type));
            }
            if (graph.hasVariable(FEATURES)) {
                feed.put(FEATURES, Nd4j.create(rows.featuresNoCopy(), new long[] {n, features}, type));
            }
            if (graph.hasVariable(LABELS)) {
                feed.put(LABELS, Nd4j.create(rows.labelsNoCopy(), new long[] {n, 1}, type));
            }
            if (graph.hasVariable(LABELS_BY_ROWS)) {
                double[] byRows = rows.y();
                for (int i = 0; i < n; i++) {
                    byRows[i] /= n;
                }
                feed.put(LABELS_BY_ROWS, Nd4j.create(byRows, new long[] {1, n}, type));
            }
            if (graph.hasVariable(ONE_HOT_CLASSES)) {
                int classes = (int) graph.getVariable(ONE_HOT_CLASSES).placeholderShape()[1];
                double[] oneHot = new double[n * classes];
                double[] labels = rows.labelsNoCopy();
                for (int i = 0; i < n; i++) {
                    oneHot[i * classes + (int) labels[i]] = 1;
                }
                feed.put(ONE_HOT_CLASSES, Nd4j.create(oneHot, new long[] {n, classes}, type));
            }
            return feed;
        }
    }

    /**
     * What a loss form builds.
     *
     * @param losses     the k per-model losses
     * @param accuracies for a classifier, the k models' accuracies on the rows (1×k): the share of rows whose
     *                   predicted class is their label; else null
     */
    public record Outputs(SDVariable losses, SDVariable accuracies) {
    }

    private final SameDiff graph;
    private final SameDiff gradients;
    private final List<String> evaluated;
    private final String gradientName;
    private final INDArray theta;
    private final Layout layout;
    private final Precision precision;
    private final double[] origin;
    /** θ₀ as a p×1 column of the graph's type, or null where it is 0. */
    private final INDArray originColumn;
    private final double lossConstant;
    private final Inputs inputs;
    private final boolean classifies;
    private final Deque<GraphProgram> programs = new ArrayDeque<>();
    /** The rows in use. */
    private FedRows fed = FedRows.NONE;
    /** The rows in use where the graph fed them itself, to close when it uses others; else null. */
    private FedRows ownFed;
    /** The rows of a block; 0 until rows enough for a block are fed. */
    private int blockRows;
    /** The gradient summed over the blocks, p×k, where there are several. */
    private INDArray summedGradient;

    /**
     * Builds the graph with all {@code models} models at {@code start}, evaluated on {@code rows}.
     *
     * @param features     the number of features d
     * @param rows         the rows the graph is evaluated on until {@link #use} gives others; null for a loss
     *                     form that reads none
     * @param precision    the precision of the graph's parameters, constants and gradients
     * @param origin       θ₀, the point the graph's variable is measured from
     * @param lossConstant added to every model's loss as the graph computes it
     */
    public ModelGraph(int features, Dataset rows, Parameters start, int models, Precision precision, double[] origin, double lossConstant,
               LossForm form) {
        this.layout = start.layout();
        this.precision = precision;
        this.origin = origin.clone();
        originColumn = Arrays.stream(origin).allMatch(value -> value == 0) ? null
                : Nd4j.create(origin, new long[] {origin.length, 1}, DataType.DOUBLE).castTo(precision.dataType());
        this.lossConstant = lossConstant;
        graph = SameDiff.create();
        inputs = new Inputs(graph, features, precision.dataType());
        SDVariable parameters = graph.var(PARAMETERS, Nd4j.zeros(precision.dataType(), layout.size(), models));
        Outputs outputs = form.build(graph, parameters, inputs);
        SDVariable modelLosses = outputs.losses().rename(MODEL_LOSSES);
        classifies = outputs.accuracies() != null;
        if (classifies) {
            outputs.accuracies().rename(ACCURACIES);
        }
        graph.setLossVariables(modelLosses.sum(TOTAL_LOSS));
        QuietGradientFunction.create(graph);
        gradients = graph.getFunction(GRADIENT_FUNCTION);
        gradientName = parameters.getGradient().name();
        evaluated = List.of(MODEL_LOSSES, gradientName);
        theta = parameters.getArr();
        for (int model = 0; model < models; model++) {
            setParameters(model, start);
        }
        if (rows != null) {
            use(rows);
        }
    }

    /**
     * Rows as the graph's placeholders take them: one feed a block of rows (see {@link #feed}) and each block's share of
     * the rows. Closing it frees their native memory.
     */
    public record FedRows(List<Map<String, INDArray>> blocks, double[] shares, int rows) implements AutoCloseable {
        /** No rows: for a loss form that reads none. */
        static final FedRows NONE = new FedRows(List.of(Map.of()), new double[] {1}, 0);

        @Override
        public void close() {
            blocks.forEach(block -> block.values().forEach(INDArray::close));
        }
    }

    /**
     * Evaluates the graph on {@code rows} from now on: rows of the same features, any number of them, fed as
     * {@link #feed} feeds them.
     */
    public void use(Dataset rows) {
        // the native memory of the rows used before goes now, not whenever the garbage collector finds their
        // handles: a mini-batch descent feeds a batch at every step
        if (ownFed != null) {
            ownFed.close();
        }
        ownFed = feed(rows);
        fed = ownFed;
    }

    /**
     * Evaluates the graph on rows fed before, by this graph or another of the same family, features and models (see
     * {@link #feed}), from now on; they stay the caller's to close.
     */
    public void use(FedRows rows) {
        if (ownFed != null) {
            ownFed.close();
            ownFed = null;
        }
        fed = rows;
    }

    /**
     * {@code rows} as the graph's placeholders take them. Many rows are evaluated in blocks, as a compiler tiles a
     * loop: the gradient function runs on one block of rows after another, each block's arrays small enough to stay in
     * the cache from the forward product to the backward one, and the losses and gradients, means over the rows (as
     * every family's and a model of your own's are), are the blocks' means weighted by their rows. Equal to one run on
     * all the rows up to the order of summation. A graph whose program keeps results of the rows alone (a
     * convolution's patches) runs on all the rows at once, since blocks would make them again at every step.
     */
    public FedRows feed(Dataset rows) {
        int n = rows.rows();
        int blocks = Math.max(1, n / blockRows(rows));
        List<Map<String, INDArray>> feeds = new ArrayList<>(blocks);
        double[] shares = new double[blocks];
        for (int block = 0, from = 0; block < blocks; block++) {
            // blocks of two sizes at most, differing by one row
            int to = from + n / blocks + (block < n % blocks ? 1 : 0);
            feeds.add(inputs.feed(blocks == 1 ? rows : rows.slice(from, to)));
            shares[block] = (double) (to - from) / n;
            from = to;
        }
        return new FedRows(feeds, shares, n);
    }

    /**
     * The rows of a block: as many as make {@value #BLOCK_VALUES} values in the widest array the program computes a
     * row, measured on a program laid out for the first {@value #PROBE_ROWS} rows; all the rows where the program keeps
     * results of the rows alone.
     */
    private int blockRows(Dataset rows) {
        if (blockRows == 0 && rows.rows() >= 2 * PROBE_ROWS) {
            Map<String, INDArray> probe = inputs.feed(rows.slice(0, PROBE_ROWS));
            GraphProgram program = programFor(probe);
            blockRows = program.fedShare() > 0.1 ? Integer.MAX_VALUE
                    : (int) Math.max(PROBE_ROWS, BLOCK_VALUES / Math.max(1, program.valuesPerRow(PROBE_ROWS)));
        }
        return blockRows == 0 ? rows.rows() : blockRows;
    }

    /** How many rows the graph is evaluated on. */
    int rows() {
        return fed.rows();
    }

    /** The values of the augmented design matrix A = [X | 1], n×(d+1), row-major. */
    private static double[] augmented(Dataset data) {
        int n = data.rows();
        int d = data.features();
        double[] augmented = new double[n * (d + 1)];
        double[] x = data.featuresNoCopy();
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, augmented, i * (d + 1), d);
            augmented[i * (d + 1) + d] = 1.0;
        }
        return augmented;
    }

    /**
     * The per-model losses at the current parameters, and the gradient of the loss with respect to them:
     * SameDiff's gradient function, run as a {@link GraphProgram} laid out for the rows in use (one per
     * shape of rows met, up to {@value #PROGRAMS}: a mini-batch descent meets two, its batches and a shorter
     * last one). The losses are copied out; the gradient is the program's own array, which the next evaluation
     * overwrites (see {@link DescentModels.Evaluation}): a step of a descent allocates nothing for it.
     */
    @Override
    public Evaluation evaluate() {
        return evaluate(null);
    }

    /** {@link #evaluate()}, adding each op's time to {@code nanos} where it is given (see {@link #profile}). */
    private Evaluation evaluate(long[] nanos) {
        int blocks = fed.blocks().size();
        double[] losses = new double[(int) theta.columns()];
        Arrays.fill(losses, lossConstant);
        INDArray gradient = null;
        if (blocks > 1) {
            if (summedGradient == null) {
                summedGradient = Nd4j.create(theta.dataType(), theta.shape());
            }
            gradient = summedGradient.assign(0);
        }
        // the ops that read only the parameters run in the first block each program takes (two sizes of blocks)
        Set<GraphProgram> ran = new HashSet<>();
        for (int block = 0; block < blocks; block++) {
            GraphProgram program = programFor(fed.blocks().get(block));
            Map<String, INDArray> result = program.run(fed.blocks().get(block), !ran.add(program), nanos);
            double[] blockLosses = DescentModels.rowMajor(result.get(MODEL_LOSSES));
            for (int i = 0; i < losses.length; i++) {
                losses[i] += fed.shares()[block] * blockLosses[i];
            }
            if (blocks == 1) {
                gradient = result.get(gradientName);
            } else {
                Nd4j.getBlasWrapper().level1().axpy(summedGradient.length(), fed.shares()[block],
                        result.get(gradientName), summedGradient);
            }
        }
        return new Evaluation(losses, gradient);
    }

    /** The program laid out for the shapes of {@code feed}, made when none is; the least recently used goes. */
    private GraphProgram programFor(Map<String, INDArray> feed) {
        for (GraphProgram program : programs) {
            if (program.fits(feed)) {
                programs.remove(program);
                programs.addFirst(program);
                return program;
            }
        }
        if (programs.size() == PROGRAMS) {
            programs.removeLast().close();
        }
        programs.addFirst(new GraphProgram(gradients, evaluated, feed, Set.of(PARAMETERS)));
        return programs.getFirst();
    }

    /**
     * A profile of the gradient's evaluation on the rows in use, as {@link #evaluate} runs it: each op's time a step,
     * summed over the blocks of rows, the mean of {@code runs} runs (after one that lays the programs out). The ops that
     * read only the fed arrays are marked "(fed)" (they run at every step where there are several blocks), those that
     * read only the parameters "(parameters)" (once a step for each size of block).
     */
    public List<GraphProgram.OpTime> profile(int runs) {
        evaluate();
        GraphProgram program = programFor(fed.blocks().get(0));
        long[] nanos = new long[program.size()];
        for (int run = 0; run < runs; run++) {
            evaluate(nanos);
        }
        return program.opTimes(nanos, runs);
    }

    /** One step of every model by {@code rule}, column i at {@code rates[i]}, from the gradient of {@code at}. */
    @Override
    public void step(UpdateRule rule, INDArray rates, Evaluation at) {
        rule.step(theta, at.gradient(), rates, originColumn);
    }

    /** Whether the models are classifiers, with an accuracy. */
    @Override
    public boolean classifies() {
        return classifies;
    }

    /** Each classifier's share of rows whose predicted class is their label, at the current parameters. */
    @Override
    public double[] accuracies() {
        double[] accuracies = new double[(int) theta.columns()];
        for (int block = 0; block < fed.blocks().size(); block++) {
            try (INDArray blockAccuracies = graph.output(fed.blocks().get(block), List.of(ACCURACIES)).get(ACCURACIES)) {
                double[] values = blockAccuracies.castTo(DataType.DOUBLE).toDoubleVector();
                for (int i = 0; i < accuracies.length; i++) {
                    accuracies[i] += fed.shares()[block] * values[i];
                }
            }
        }
        return accuracies;
    }

    /**
     * The values of the graph's variables {@code names} on the rows in use, at the current parameters: rows few enough
     * for one block (see {@link #use}).
     */
    public Map<String, INDArray> values(List<String> names) {
        if (fed.blocks().size() != 1) {
            throw new IllegalStateException("the values of " + names + " on " + fed.rows() + " rows, evaluated in "
                    + fed.blocks().size() + " blocks");
        }
        return graph.output(fed.blocks().get(0), names);
    }

    /**
     * The accuracies (1×k) of k classifiers whose logits are n×k, one a model, a row's class 1 where its logit is
     * positive: the share of rows whose class is their label.
     */
    public static SDVariable logitAccuracies(SDVariable logits, Inputs inputs) {
        return logits.gt(0).castTo(inputs.type()).eq(inputs.labels()).castTo(inputs.type()).mean(true, 0);
    }

    @Override
    public void setParameters(int model, Parameters parameters) {
        DescentModels.putColumn(theta, model, parameters, origin);
    }

    @Override
    public Parameters parametersOf(int model) {
        return DescentModels.column(theta, model, layout, origin);
    }

    /** The live parameter matrix, p×k, measured from the origin; for measurements that move and restore it. */
    @Override
    public INDArray parameterMatrix() {
        return theta;
    }

    @Override
    public Precision precision() {
        return precision;
    }
}
