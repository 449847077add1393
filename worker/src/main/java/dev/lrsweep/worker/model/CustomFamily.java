package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The family of a model of your own ({@link CustomModel}): its layout is the arrays the class states, and the graph
 * of k models is k copies of the class's loss, model i's on the arrays sliced from column i of the parameter matrix,
 * over the same features and labels placeholders. Model i's parameters reach only its own copy, so the gradient of
 * the sum is each model's own, as for the built-in families; the copies share nothing else (a built-in family shares
 * its first product across models, which a class's own graph cannot be rewritten into).
 *
 * <p>With no class it answers only what every model of one's own shares (for {@link ModelSpec.Kind#CUSTOM}).
 */
final class CustomFamily implements ModelFamily {
    /** How many generated rows {@link #check} runs the class's graph on. */
    private static final int CHECK_ROWS = 3;
    private final CustomClass custom;

    CustomFamily(CustomClass custom) {
        this.custom = custom;
    }

    @Override
    public Layout layout(ModelSpec spec, int features) {
        List<CustomModel.Parameter> parameters;
        try {
            parameters = custom().create().parameters(features);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("model.class") ? e
                    : new IllegalArgumentException(custom.failure("parameters() threw", e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(custom.failure("parameters() threw", e), e);
        }
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("model.class " + custom.name() + ": parameters(" + features
                    + ") gave no arrays");
        }
        Set<String> names = new HashSet<>();
        List<Layout.Array> arrays = new ArrayList<>();
        for (CustomModel.Parameter parameter : parameters) {
            if (!names.add(parameter.name())) {
                throw new IllegalArgumentException("model.class " + custom.name() + ": two parameter arrays are named "
                        + parameter.name());
            }
            arrays.add(new Layout.Array(parameter.name(), parameter.name(), parameter.shape(), parameter.fanIn()));
        }
        return new Layout(arrays);
    }

    @Override
    public ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision) {
        return copies(data.asRows(), spec, start, models, precision, new ArrayList<>());
    }

    @Override
    public ModelGraph referenceGraph(Dataset data, ModelSpec spec, Parameters start, Precision precision) {
        return copies(data, spec, start, 1, precision, new ArrayList<>());
    }

    /**
     * The graph of {@code models} copies of the class's loss; {@code firstCopy} receives the first copy's loss and
     * logits (null for none) as the class built them.
     */
    private ModelGraph copies(Dataset rows, ModelSpec spec, Parameters start, int models, Precision precision,
                              List<SDVariable> firstCopy) {
        CustomModel model = custom().create();
        Layout layout = start.layout();
        ModelSpec.Labels labels = custom.labels();
        return new ModelGraph(rows.features(), rows, start, models, precision, new double[layout.size()], 0,
                (graph, theta, inputs) -> {
                    SDVariable features = inputs.features();
                    SDVariable given = labels == ModelSpec.Labels.CLASSES ? inputs.oneHotClasses(spec.classes())
                            : inputs.labels();
                    SDVariable[] losses = new SDVariable[models];
                    SDVariable[] accuracies = new SDVariable[models];
                    boolean accuracy = true;
                    for (int i = 0; i < models; i++) {
                        Map<String, SDVariable> parameters = arrays(theta, layout, i);
                        SDVariable loss = model.loss(graph, features, given, parameters);
                        if (loss == null) {
                            throw new IllegalArgumentException("model.class " + custom.name() + ": loss() gave null");
                        }
                        SDVariable outputs = labels == ModelSpec.Labels.VALUES ? null
                                : model.outputs(graph, features, parameters);
                        if (i == 0) {
                            firstCopy.addAll(Arrays.asList(loss, outputs));
                        }
                        losses[i] = loss.reshape(1, 1);
                        accuracy &= outputs != null;
                        accuracies[i] = outputs == null ? null : accuracy(outputs, labels, inputs);
                    }
                    return new ModelGraph.Outputs(models == 1 ? losses[0] : graph.concat(1, losses),
                            !accuracy ? null : models == 1 ? accuracies[0] : graph.concat(1, accuracies));
                });
    }

    /** Model {@code model}'s arrays, sliced from its column of the parameter matrix and shaped, by name. */
    private static Map<String, SDVariable> arrays(SDVariable theta, Layout layout, int model) {
        Map<String, SDVariable> arrays = new LinkedHashMap<>();
        for (int j = 0; j < layout.arrays().size(); j++) {
            Layout.Array array = layout.arrays().get(j);
            int offset = layout.offset(j);
            SDVariable values = theta.get(SDIndex.interval(offset, offset + array.size()), SDIndex.point(model));
            arrays.put(array.name(), values.reshape(Arrays.stream(array.shape()).asLongStream().toArray()));
        }
        return arrays;
    }

    /** A classifier's accuracy (1×1) from its logits: n×1, class 1 where positive; n×K, the largest's class. */
    private static SDVariable accuracy(SDVariable outputs, ModelSpec.Labels labels, ModelGraph.Inputs inputs) {
        if (labels == ModelSpec.Labels.BINARY) {
            return ModelGraph.logitAccuracies(outputs, inputs);
        }
        return outputs.getSameDiff().argmax(outputs, true, 1).castTo(inputs.type()).eq(inputs.labels())
                .castTo(inputs.type()).mean(true, 0);
    }

    /**
     * Builds and runs the class's graph on a few generated rows of {@code features} features, before any fit: the
     * sweep's graph of two models, in which the first copy's loss must be a scalar and its logits a row per row (and
     * a column per class), and whose gradient must evaluate.
     *
     * @throws IllegalArgumentException in one line naming the class and what went wrong
     */
    @Override
    public void check(ModelSpec spec, int features, Precision precision) {
        Layout layout = layout(spec, features);
        ModelSpec sized = spec.labels() == ModelSpec.Labels.CLASSES && spec.classes() == 0 ? spec.withClasses(2) : spec;
        int classes = Math.max(2, sized.classes());
        Dataset rows = sampleRows(features, custom.labels(), classes);
        List<SDVariable> firstCopy = new ArrayList<>();
        ModelGraph graph;
        Map<String, INDArray> values;
        try {
            graph = copies(rows, sized, InitScheme.PYTORCH.draw(layout, 1), 2, precision, firstCopy);
            values = graph.values(firstCopy.stream().filter(Objects::nonNull).map(SDVariable::name).toList());
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("model.class") ? e
                    : new IllegalArgumentException(custom.failure("its graph failed on " + CHECK_ROWS + " rows:", e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(custom.failure("its graph failed on " + CHECK_ROWS + " rows:", e), e);
        }
        INDArray loss = values.get(firstCopy.get(0).name());
        if (loss.length() != 1) {
            throw new IllegalArgumentException("model.class " + custom.name() + ": loss() gives an array of shape "
                    + Arrays.toString(loss.shape()) + " on " + CHECK_ROWS + " rows, not a scalar (take the mean over "
                    + "the rows)");
        }
        long[] expected = {CHECK_ROWS, custom.labels() == ModelSpec.Labels.CLASSES ? classes : 1};
        INDArray outputs = firstCopy.get(1) == null ? null : values.get(firstCopy.get(1).name());
        if (outputs != null && !Arrays.equals(outputs.shape(), expected)) {
            throw new IllegalArgumentException("model.class " + custom.name() + ": outputs() gives an array of shape "
                    + Arrays.toString(outputs.shape()) + " on " + CHECK_ROWS + " rows, not " + Arrays.toString(expected)
                    + " (" + (expected[1] == 1 ? "one logit" : "a logit per class") + " a row)");
        }
        try {
            graph.evaluate();
            if (graph.classifies()) {
                graph.accuracies();
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(custom.failure("the sweep's graph of its loss does not run:", e), e);
        }
    }

    private static Dataset sampleRows(int features, ModelSpec.Labels labels, int classes) {
        double[] x = new double[CHECK_ROWS * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i + 1);
        }
        double[] y = new double[CHECK_ROWS];
        for (int i = 0; i < CHECK_ROWS; i++) {
            y[i] = labels == ModelSpec.Labels.VALUES ? Math.cos(i) : i % (labels == ModelSpec.Labels.BINARY ? 2 : classes);
        }
        return new Dataset(CHECK_ROWS, features, x, y);
    }

    @Override
    public boolean measuresSharpness() {
        return true;
    }

    @Override
    public ModelSpec.Labels labels(ModelSpec.Loss loss, int outputs) {
        return custom().labels();
    }

    @Override
    public ModelSpec.Loss fixedLoss() {
        return ModelSpec.Loss.CUSTOM;
    }

    @Override
    public ModelSpec.Start start() {
        return ModelSpec.Start.SEEDED_DRAW;
    }

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_ROWS;
    }

    private CustomClass custom() {
        if (custom == null) {
            throw new IllegalStateException("a model of your own's family needs its class");
        }
        return custom;
    }
}
