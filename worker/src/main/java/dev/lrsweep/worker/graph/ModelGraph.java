package dev.lrsweep.worker.graph;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.optimizer.UpdateRule;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
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
    /** How many programs of the gradient function, for as many shapes of rows, a graph keeps. */
    private static final int PROGRAMS = 2;

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
    private Map<String, INDArray> feed = Map.of();
    private int rows;

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

    /** Evaluates the graph on {@code rows} from now on: rows of the same features, any number of them. */
    public void use(Dataset rows) {
        // the native memory of the rows used before goes now, not whenever the garbage collector finds their
        // handles: a sliced descent feeds every slice at every step (B4 in data mode: 4.1 GB peak RSS without
        // this, 2.1 GB with it)
        feed.values().forEach(INDArray::close);
        feed = inputs.feed(rows);
        this.rows = rows.rows();
    }

    /** How many rows the graph is evaluated on. */
    int rows() {
        return rows;
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
        Map<String, INDArray> result = programFor(feed).run(feed);
        double[] losses = DescentModels.rowMajor(result.get(MODEL_LOSSES));
        for (int i = 0; i < losses.length; i++) {
            losses[i] += lossConstant;
        }
        return new Evaluation(losses, result.get(gradientName));
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
     * A profile of the gradient's evaluation on the rows in use: each op's mean time over {@code runs} runs, after one
     * run that lays the program out.
     */
    public List<GraphProgram.OpTime> profile(int runs) {
        programFor(feed).run(feed);
        return programFor(feed).profile(runs);
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
        try (INDArray accuracies = graph.output(feed, List.of(ACCURACIES)).get(ACCURACIES)) {
            return accuracies.castTo(DataType.DOUBLE).toDoubleVector();
        }
    }

    /** The values of the graph's variables {@code names} on the rows in use, at the current parameters. */
    public Map<String, INDArray> values(List<String> names) {
        return graph.output(feed, names);
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
