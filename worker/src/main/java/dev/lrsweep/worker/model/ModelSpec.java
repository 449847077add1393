package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.graph.ModelGraph;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;

/**
 * The model every fit of a sweep trains: its family, and for a network its layers.
 *
 * @param kind    the family
 * @param layers  a network's layers in order, the last its output (a dense layer without activation); empty for
 *                the other families. {@code mlp} is the short form of dense hidden layers of one activation and one
 *                output unit
 * @param loss    {@code MSE} for linear, {@code CROSS_ENTROPY} for logistic and softmax, either for a network
 * @param classes where the labels are classes 0 … K−1 (softmax, a network of K ≥ 2 outputs): K, 2 to
 *                {@value #MAX_CLASSES}, or 0 while the labels are not yet read (a softmax spec then has no layout);
 *                0 for every other model
 * @param image   a network's input as an image: each row's features, in row-major order, are one image of this
 *                shape; null for rows of features
 * @param custom  a model of your own ({@link CustomModel}): its class and options; null for the built-in families
 */
public record ModelSpec(Kind kind, List<Layer> layers, Loss loss, int classes, Shape image, CustomClass custom)
        implements Serializable {
    /** The most classes a model takes. */
    public static final int MAX_CLASSES = 1000;

    /** Checks that the parts fit the family. */
    public ModelSpec {
        if (kind == null || loss == null || layers == null) {
            throw new IllegalArgumentException("a model needs a kind, layers and a loss");
        }
        layers = List.copyOf(layers);
        if ((kind == Kind.CUSTOM) != (custom != null)) {
            throw new IllegalArgumentException("a model of its own class needs kind custom and the class, not "
                    + kind.label() + " and " + custom);
        }
        ModelFamily family = familyOf(kind, custom);
        if (family.fixedLoss() != null ? loss != family.fixedLoss() : loss == Loss.CUSTOM) {
            throw new IllegalArgumentException(kind.label() + " is not fitted by " + loss.label());
        }
        if (!family.layered() && (!layers.isEmpty() || image != null)) {
            throw new IllegalArgumentException(kind.label() + " has no layers");
        }
        if (family.layered()) {
            checkOutput(layers, loss);
        }
        if (kind == Kind.MLP && (layers.stream().anyMatch(layer -> !(layer instanceof Layer.Dense))
                || image != null || mlpActivations(layers).distinct().count() != 1
                || ((Layer.Dense) layers.get(layers.size() - 1)).units() != 1)) {
            throw new IllegalArgumentException("an mlp is dense layers of one activation and one output unit: "
                    + describe(layers));
        }
        boolean classLabels = family.labels(loss, outputUnits(kind, layers)) == Labels.CLASSES;
        if (classLabels ? classes != 0 && (classes < 2 || classes > MAX_CLASSES) : classes != 0) {
            throw new IllegalArgumentException(kind.label() + " with " + classes + " classes");
        }
        if (classLabels && family.layered() && classes != 0 && classes != outputUnits(kind, layers)) {
            throw new IllegalArgumentException("model.layers: the output layer has " + outputUnits(kind, layers)
                    + " units, and the labels have " + classes + " classes: give it " + classes + " units");
        }
    }

    /** The last layer is the output: a dense layer without activation, of units that fit the loss. */
    private static void checkOutput(List<Layer> layers, Loss loss) {
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Layer.Dense output)
                || output.activation() != Activation.NONE) {
            throw new IllegalArgumentException("model.layers: the last layer is the output, a dense layer with "
                    + "activation none, not " + (layers.isEmpty() ? "nothing" : layers.get(layers.size() - 1)
                    .describe()));
        }
        if (loss == Loss.MSE && output.units() != 1) {
            throw new IllegalArgumentException("model.layers: under mse the output is one linear unit, not "
                    + output.units());
        }
        if (output.units() > MAX_CLASSES) {
            throw new IllegalArgumentException("model.layers: an output of " + output.units() + " units, more than "
                    + "the " + MAX_CLASSES + " classes a model takes");
        }
    }

    private static java.util.stream.Stream<Activation> mlpActivations(List<Layer> layers) {
        return layers.subList(0, Math.max(0, layers.size() - 1)).stream()
                .map(layer -> layer instanceof Layer.Dense dense ? dense.activation() : null);
    }

    private static int outputUnits(Kind kind, List<Layer> layers) {
        return kind.layered() ? ((Layer.Dense) layers.get(layers.size() - 1)).units() : 1;
    }

    private static String describe(List<Layer> layers) {
        return layers.stream().map(Layer::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Linear least squares: y ≈ X·w + b under mean squared error. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, List.of(), Loss.MSE, 0, null, null);
    }

    /** Logistic regression: z = X·w + b under cross-entropy. */
    public static ModelSpec logistic() {
        return new ModelSpec(Kind.LOGISTIC, List.of(), Loss.CROSS_ENTROPY, 0, null, null);
    }

    /** A network: {@code hidden} layers of {@code activation} units, one output unit. */
    public static ModelSpec mlp(int[] hidden, Activation activation, Loss loss) {
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1) || activation == null
                || activation == Activation.NONE) {
            throw new IllegalArgumentException("an mlp needs hidden widths of at least 1 and an activation: "
                    + Arrays.toString(hidden) + " " + activation);
        }
        List<Layer> layers = new ArrayList<>();
        for (int width : hidden) {
            layers.add(new Layer.Dense(width, activation));
        }
        layers.add(new Layer.Dense(1, Activation.NONE));
        return new ModelSpec(Kind.MLP, layers, loss, 0, null, null);
    }

    /**
     * A network of {@code layers}, the last its output; on rows that are images of {@code image}, or rows of
     * features where it is null.
     */
    public static ModelSpec network(List<Layer> layers, Loss loss, Shape image) {
        return new ModelSpec(Kind.NETWORK, layers, loss, 0, image, null);
    }

    /** Softmax regression of {@code classes} classes: logits z = X·W + b (K each) under softmax cross-entropy. */
    public static ModelSpec softmax(int classes) {
        return new ModelSpec(Kind.SOFTMAX, List.of(), Loss.CROSS_ENTROPY, classes, null, null);
    }

    /** A model of your own: {@code custom}'s class, fitted under its own loss. */
    public static ModelSpec custom(CustomClass custom) {
        return new ModelSpec(Kind.CUSTOM, List.of(), Loss.CUSTOM, 0, null, custom);
    }

    /**
     * This model fitted on labels of {@code classes} classes (the number is known once the labels are read).
     *
     * @throws IllegalArgumentException where a network's output layer has other than {@code classes} units,
     *                                  naming the units expected
     */
    public ModelSpec withClasses(int classes) {
        return new ModelSpec(kind, layers, loss, classes, image, custom);
    }

    /**
     * How many parameters one model has on {@code features} features: its layout's size, or for a softmax model
     * whose labels are not yet read, the least it can have (2 classes).
     */
    public int parameters(int features) {
        boolean unknownClasses = labels() == Labels.CLASSES && classes == 0 && !kind.layered();
        return (unknownClasses ? withClasses(2) : this).layout(features).size();
    }

    /** How many outputs one model computes per row: one value or logit, or K logits (at least 2 while unknown). */
    public int outputs() {
        return kind.layered() ? outputUnits(kind, layers)
                : labels() == Labels.CLASSES ? Math.max(2, classes) : 1;
    }

    /** What labels the model is fitted on. */
    public Labels labels() {
        return family().labels(loss, outputUnits(kind, layers));
    }

    /**
     * What one row is to the first layer on data of {@code features} features: the image, or a vector.
     *
     * @throws IllegalArgumentException where the image's values are not the features', naming both
     */
    public Shape input(int features) {
        if (image == null) {
            return Shape.vector(features);
        }
        if (image.size() != features) {
            throw new IllegalArgumentException("data.image: an image of " + image + " is " + image.size()
                    + " values, and the rows have " + features + " features");
        }
        return image;
    }

    /**
     * What each layer takes and gives on data of {@code features} features: the input's shape, then each layer's
     * output in order (the last the output layer's); the input alone for a model without layers.
     *
     * @throws IllegalArgumentException where a layer cannot take its input, naming the layer by its place
     */
    public List<Shape> shapes(int features) {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(input(features));
        for (int i = 0; i < layers.size(); i++) {
            try {
                shapes.add(layers.get(i).output(shapes.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model.layers[" + i + "]: " + e.getMessage(), e);
            }
        }
        return shapes;
    }

    /** The widths of an mlp's hidden layers; empty for any other model. */
    public int[] hidden() {
        return kind != Kind.MLP ? new int[0]
                : layers.subList(0, layers.size() - 1).stream().mapToInt(layer -> ((Layer.Dense) layer).units())
                .toArray();
    }

    /** An mlp's hidden activation; null for any other model. */
    public Activation activation() {
        return kind != Kind.MLP ? null : ((Layer.Dense) layers.get(0)).activation();
    }

    /** How one model's parameters are laid out on data with {@code features} features. */
    public Layout layout(int features) {
        return family().layout(this, features);
    }

    /** Whether the model is a classifier (its cells have an accuracy). */
    public boolean classifies() {
        return labels() != Labels.VALUES;
    }

    /**
     * Whether the fits measure the sharpness (λ_max of the loss's Hessian) as they go: for families
     * with no closed form for it.
     */
    public boolean measuresSharpness() {
        return family().measuresSharpness();
    }

    /**
     * Whether the loss is a quadratic in the parameters (linear least squares): there a rate past the stability
     * limit grows the error geometrically, so a rise above the start loss is divergence, by theory.
     */
    public boolean quadraticLoss() {
        return !readsRows();
    }

    /**
     * Whether fitting needs the rows themselves: every family but the linear model, whose loss depends on
     * the data only through their {@link Moments}.
     */
    public boolean readsRows() {
        return family().readsRows();
    }

    /** How many learning rates one task fits together unless the config says otherwise: the family's default. */
    public int defaultRatesPerTask() {
        return family().defaultRatesPerTask();
    }

    /** The model's family: the kind's, or for a model of your own, one of its class. */
    public ModelFamily family() {
        return familyOf(kind, custom);
    }

    private static ModelFamily familyOf(Kind kind, CustomClass custom) {
        return custom != null ? new CustomFamily(custom) : kind.family;
    }

    @Override
    public String toString() {
        String shape = kind == Kind.MLP ? " " + Arrays.toString(hidden()) + " " + activation().label()
                : kind == Kind.NETWORK ? " " + describe(layers) + (image == null ? "" : " on " + image + " images")
                : kind == Kind.CUSTOM ? " " + custom.name() : "";
        return kind.label() + shape + (classes > 0 ? " of " + classes + " classes" : "") + " (" + loss.label() + ")";
    }

    /** The model families. */
    public enum Kind {
        LINEAR(new LinearModel()), LOGISTIC(new LogisticModel()), MLP(new NetworkModel()), SOFTMAX(new SoftmaxModel()),
        NETWORK(new NetworkModel()),
        /** A model of your own; its spec's {@link CustomClass} makes its family, this one answers for every class. */
        CUSTOM(new CustomFamily(null));

        private final transient ModelFamily family;

        Kind(ModelFamily family) {
            this.family = family;
        }

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the family has layers ({@code model.layers}, or an mlp's {@code model.hidden}). */
        public boolean layered() {
            return family.layered();
        }

        /** The loss the family is always fitted under, or null where the config chooses. */
        public Loss fixedLoss() {
            return family.fixedLoss();
        }

        /** How a model of the family starts unless {@code init} says otherwise. */
        public Start start() {
            return family.start();
        }
    }

    /** What labels a model is fitted on. */
    public enum Labels {
        /** Any finite number (regression). */
        VALUES,
        /** Two classes, 0 or 1 (one logit). */
        BINARY,
        /** Classes 0 … K−1 (K logits); text labels are numbered in sorted order. */
        CLASSES
    }

    /** How a model starts by default, and which {@code init} keys describe its start. */
    public enum Start {
        /** From {@code init.weights} (d values) and {@code init.bias}, zeros by default. */
        WEIGHTS_AND_BIAS,
        /** From zeros, or a draw of {@code init.seed}. */
        ZEROS,
        /** From a seeded draw ({@code init.seed}, a default seed unless given). */
        SEEDED_DRAW
    }

    /**
     * A layer's activation. tanh is computed as 2·sigmoid(2z) − 1, equal to it within an absolute error of a few
     * units of the last place (the subtraction near z = 0 is exact to the rounding of a number near 1): libnd4j's
     * tanh and its derivative take about twice as long per value as its sigmoid (12 against 6 ns in float64,
     * measured), and on a network they are the largest cost of a step (B5: 84-94 against 74-75 ms per evaluation
     * of 8 models). gelu is PyTorch's {@code approximate="tanh"} form, 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))),
     * computed likewise as z·sigmoid(2·√(2/π)·(z + 0.044715·z³)); leaky_relu has slope 0.01 below 0, as PyTorch's
     * default; none is the identity (an output layer's).
     */
    public enum Activation {
        TANH, RELU, SIGMOID, GELU, LEAKY_RELU, NONE;

        private static final double GELU_SCALE = 2 * Math.sqrt(2 / Math.PI);
        private static final double GELU_CUBIC = 0.044715;
        private static final double LEAKY_SLOPE = 0.01;

        SDVariable apply(SameDiff graph, SDVariable z) {
            return switch (this) {
                case TANH -> graph.nn().sigmoid(z.mul(2)).mul(2).sub(1);
                case RELU -> graph.nn().relu(z, 0);
                case SIGMOID -> graph.nn().sigmoid(z);
                case GELU -> z.mul(graph.nn().sigmoid(z.add(z.mul(z).mul(z).mul(GELU_CUBIC)).mul(GELU_SCALE)));
                case LEAKY_RELU -> graph.nn().leakyRelu(z, LEAKY_SLOPE);
                case NONE -> z;
            };
        }

        /** Whether it never decreases, so that it commutes with a maximum: every one but gelu. */
        public boolean nondecreasing() {
            return this != GELU;
        }

        /** The activation of one value, in plain arithmetic (as the graph computes it, up to rounding). */
        public double of(double z) {
            return switch (this) {
                case TANH -> Math.tanh(z);
                case RELU -> Math.max(z, 0);
                case SIGMOID -> 1 / (1 + Math.exp(-z));
                case GELU -> z / (1 + Math.exp(-GELU_SCALE * (z + GELU_CUBIC * z * z * z)));
                case LEAKY_RELU -> z > 0 ? z : LEAKY_SLOPE * z;
                case NONE -> z;
            };
        }

        /** Its derivative at {@code z}. */
        public double derivative(double z) {
            return switch (this) {
                case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
                case RELU -> z > 0 ? 1 : 0;
                case SIGMOID -> of(z) * (1 - of(z));
                case GELU -> {
                    double u = GELU_SCALE * (z + GELU_CUBIC * z * z * z);
                    double s = 1 / (1 + Math.exp(-u));
                    yield s + z * s * (1 - s) * GELU_SCALE * (1 + 3 * GELU_CUBIC * z * z);
                }
                case LEAKY_RELU -> z > 0 ? 1 : LEAKY_SLOPE;
                case NONE -> 1;
            };
        }

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The loss a model is fitted under, per model: a mean over the rows. */
    public enum Loss {
        /** Mean squared error, (1/n)·Σ (ŷ − y)². */
        MSE,
        /**
         * Binary cross-entropy of the logit z, (1/n)·Σ softplus(z) − y·z, labels 0 or 1: the mean of
         * softplus(z) minus yᵀz/n, one product with the labels (where an element-wise product with them
         * would cost its own backward pass over n×k values). softplus(z) is computed as
         * softplus(min(z, 40)) + max(z − 40, 0), which equals it to rounding (softplus(z) − z &lt; 5e-18
         * beyond 40) and never overflows, where SameDiff's softplus alone turns infinite past z ≈ 710.
         */
        CROSS_ENTROPY,
        /** A model of your own's loss, as its class builds it. */
        CUSTOM;

        private static final double SOFTPLUS_LINEAR_FROM = 40;

        /** The per-model losses (1×k) of predictions n×k against the labels. */
        SDVariable perModel(SameDiff graph, SDVariable predictions, ModelGraph.Inputs inputs) {
            if (this == CUSTOM) {
                throw new IllegalStateException("a model of your own builds its own loss");
            }
            if (this == MSE) {
                return graph.math().square(predictions.sub(inputs.labels())).mean(true, 0);
            }
            // softplus(min(z, c)) + max(z − c, 0): softplus(z) without overflow, linear beyond c; a scalar minimum's
            // and maximum's backward passes are a mask each, where a clip's takes two and relu's a slower kernel
            SDVariable capped = new ScalarMin(graph, predictions, SOFTPLUS_LINEAR_FROM).outputVariable();
            SDVariable beyond = new ScalarMax(graph, predictions.sub(SOFTPLUS_LINEAR_FROM), 0).outputVariable();
            SDVariable softplus = graph.nn().softplus(capped).add(beyond).mean(true, 0);
            SDVariable labelled = inputs.labelsByRows().mmul(predictions);
            return softplus.sub(labelled);
        }

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
