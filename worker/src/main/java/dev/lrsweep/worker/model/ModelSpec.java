package dev.lrsweep.worker.model;

import dev.lrsweep.worker.ArrayRecords;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.graph.ModelGraph;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The model every fit of a sweep trains: its family, and for a network its shape.
 *
 * @param kind       the family
 * @param hidden     the widths of the hidden layers (mlp only; empty otherwise)
 * @param activation the hidden layers' activation (mlp only; null otherwise)
 * @param loss       {@code MSE} for linear, {@code CROSS_ENTROPY} for logistic and softmax, either for an mlp
 * @param classes    softmax only: the number of classes K of the labels, 2 to {@value #MAX_CLASSES}, or 0 while
 *                   the labels are not yet read (such a spec has no layout); 0 for every other family
 */
public record ModelSpec(Kind kind, int[] hidden, Activation activation, Loss loss, int classes)
        implements Serializable {
    /** The most classes a softmax model takes. */
    public static final int MAX_CLASSES = 1000;

    /** Checks that the parts fit the family; copies the widths. */
    public ModelSpec {
        if (kind == null || loss == null) {
            throw new IllegalArgumentException("a model needs a kind and a loss");
        }
        if (kind.family.labels(loss) == Labels.CLASSES ? classes != 0 && (classes < 2 || classes > MAX_CLASSES)
                : classes != 0) {
            throw new IllegalArgumentException(kind.label() + " with " + classes + " classes");
        }
        if (kind.family.layered() && (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)
                || activation == null)) {
            throw new IllegalArgumentException("an mlp needs hidden widths of at least 1 and an activation: "
                    + Arrays.toString(hidden));
        }
        if (!kind.family.layered() && (hidden.length > 0 || activation != null)) {
            throw new IllegalArgumentException(kind.label() + " has no hidden layers");
        }
        if (kind.family.fixedLoss() != null && loss != kind.family.fixedLoss()) {
            throw new IllegalArgumentException(kind.label() + " is not fitted by " + loss.label());
        }
        hidden = hidden.clone();
    }

    /** Linear least squares: y ≈ X·w + b under mean squared error. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, new int[0], null, Loss.MSE, 0);
    }

    /** Logistic regression: z = X·w + b under cross-entropy. */
    public static ModelSpec logistic() {
        return new ModelSpec(Kind.LOGISTIC, new int[0], null, Loss.CROSS_ENTROPY, 0);
    }

    /** A network: {@code hidden} layers of {@code activation} units, one output unit. */
    public static ModelSpec mlp(int[] hidden, Activation activation, Loss loss) {
        return new ModelSpec(Kind.MLP, hidden, activation, loss, 0);
    }

    /** Softmax regression of {@code classes} classes: logits z = X·W + b (K each) under softmax cross-entropy. */
    public static ModelSpec softmax(int classes) {
        return new ModelSpec(Kind.SOFTMAX, new int[0], null, Loss.CROSS_ENTROPY, classes);
    }

    /** This model fitted on labels of {@code classes} classes (softmax; the number is known once the labels are read). */
    public ModelSpec withClasses(int classes) {
        return new ModelSpec(kind, hidden, activation, loss, classes);
    }

    /**
     * How many parameters one model has on {@code features} features: its layout's size, or for a softmax model
     * whose labels are not yet read, the least it can have (2 classes).
     */
    public int parameters(int features) {
        return (labels() == Labels.CLASSES && classes == 0 ? withClasses(2) : this).layout(features).size();
    }

    /** How many outputs one model computes per row: one value or logit, or K logits (at least 2 while unknown). */
    public int outputs() {
        return labels() == Labels.CLASSES ? Math.max(2, classes) : 1;
    }

    /** What labels the model is fitted on. */
    public Labels labels() {
        return kind.family.labels(loss);
    }

    /** How one model's parameters are laid out on data with {@code features} features. */
    public Layout layout(int features) {
        return kind.family.layout(this, features);
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
        return kind.family.measuresSharpness();
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
        return kind.family.readsRows();
    }

    /** How many learning rates one task fits together unless the config says otherwise: the family's default. */
    public int defaultRatesPerTask() {
        return kind.family.defaultRatesPerTask();
    }

    public ModelFamily family() {
        return kind.family;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return ArrayRecords.equal(this, o);
    }

    @Override
    public int hashCode() {
        return ArrayRecords.hash(this);
    }

    @Override
    public String toString() {
        return kind.label() + (hidden.length > 0 ? " " + Arrays.toString(hidden) + " " + activation.label() : "")
                + (classes > 0 ? " of " + classes + " classes" : "") + " (" + loss.label() + ")";
    }

    /** The model families. */
    public enum Kind {
        LINEAR(new LinearModel()), LOGISTIC(new LogisticModel()), MLP(new MlpModel()), SOFTMAX(new SoftmaxModel());

        private final transient ModelFamily family;

        Kind(ModelFamily family) {
            this.family = family;
        }

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the family has hidden layers (of {@code model.hidden} widths and an activation). */
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
     * A hidden layer's activation. tanh is computed as 2·sigmoid(2z) − 1, equal to it within an absolute
     * error of a few units of the last place (the subtraction near z = 0 is exact to the rounding of a
     * number near 1): libnd4j's tanh and its derivative take about twice as long per value as its sigmoid
     * (12 against 6 ns in float64, measured), and on a network they are the largest cost of a step
     * (B5: 84-94 against 74-75 ms per evaluation of 8 models).
     */
    public enum Activation {
        TANH, RELU;

        SDVariable apply(SameDiff graph, SDVariable z) {
            return this == TANH ? graph.nn().sigmoid(z.mul(2)).mul(2).sub(1) : graph.nn().relu(z, 0);
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
        CROSS_ENTROPY;

        private static final double SOFTPLUS_LINEAR_FROM = 40;

        /** The per-model losses (1×k) of predictions n×k against the labels. */
        SDVariable perModel(SameDiff graph, SDVariable predictions, ModelGraph.Inputs inputs) {
            if (this == MSE) {
                return graph.math().square(predictions.sub(inputs.labels())).mean(true, 0);
            }
            SDVariable clipped = graph.math().clipByValue(predictions, -Double.MAX_VALUE, SOFTPLUS_LINEAR_FROM);
            SDVariable softplus = graph.nn().softplus(clipped)
                    .add(graph.nn().relu(predictions.sub(SOFTPLUS_LINEAR_FROM), 0)).mean(true, 0);
            SDVariable labelled = inputs.labelsByRows().mmul(predictions);
            return softplus.sub(labelled);
        }

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
