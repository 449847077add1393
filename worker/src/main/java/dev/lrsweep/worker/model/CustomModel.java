package dev.lrsweep.worker.model;

import dev.lrsweep.worker.ArrayRecords;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A model of your own: its parameter arrays and its loss for one model, as a SameDiff expression. The sweep does
 * the rest: SameDiff's automatic differentiation gives the gradient, and every optimizer, mini-batches, the range
 * test, the sharpness, the sensitivity twins and data mode run on it as on the built-in families.
 *
 * <p>A config names the class, {@code model: {class: com.example.MyNet, options: {width: 16}}}; its jar comes in
 * with {@code bin/sweep run --jars my.jar}. The class is public, with a public constructor taking the options as a
 * {@code Map<String, Object>} (YAML's numbers, strings, lists and maps; empty when the config gives none) or a
 * public constructor without arguments. It is made once per graph the sweep builds, so it may keep the options
 * but should hold no other state.
 *
 * <p>The sweep fits k learning rates together in one graph: it builds your loss k times, each on its own
 * parameters (sliced from one matrix), over the same features and labels, and one gradient serves all k models.
 * The graph runs without SameDiff's control flow (no loops, conditions or tensor lists).
 *
 * <p>Theory that needs the model's optimum (the closed-form stability limit, the distance to the optimum) is not
 * known for a model of your own, and the report says so; the sharpness (the largest eigenvalue of the loss's
 * Hessian) is measured as the fits go.
 */
public interface CustomModel {

    /**
     * The parameter arrays of one model on rows of {@code features} features, in order. The start point of every
     * fit is drawn from them by {@code init.scheme} (PyTorch's default unless the config says), weights by their
     * fan-in and biases by the fan-in of the weights before them, from {@code init.seed}; {@code init.file} gives
     * one instead.
     */
    List<Parameter> parameters(int features);

    /**
     * One model's loss: a scalar, the mean over the rows it is given of the per-row loss (the sweep's mini-batches
     * and its data-parallel mode average it over batches and slices of rows).
     *
     * @param graph      the graph to build it in
     * @param features   the rows' features, n×d, in the sweep's precision
     * @param labels     the labels: n×1 values under {@link ModelSpec.Labels#VALUES}, n×1 classes 0 or 1 under
     *                   {@link ModelSpec.Labels#BINARY}, and under {@link ModelSpec.Labels#CLASSES} the classes
     *                   one-hot, n×K
     * @param parameters the model's arrays by name, of the shapes {@link #parameters} gives
     */
    SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> parameters);

    /**
     * What the labels are; values (regression) unless overridden. A classifier's cells have an accuracy where
     * {@link #outputs} gives its logits.
     */
    default ModelSpec.Labels labels() {
        return ModelSpec.Labels.VALUES;
    }

    /**
     * A classifier's logits, for its accuracy: n×1 under {@link ModelSpec.Labels#BINARY} (class 1 where the logit
     * is positive), n×K under {@link ModelSpec.Labels#CLASSES} (the class of the largest); null, the default, for
     * no accuracy.
     */
    default SDVariable outputs(SameDiff graph, SDVariable features, Map<String, SDVariable> parameters) {
        return null;
    }

    /**
     * One parameter array.
     *
     * @param name  its name: the key in {@link #loss}'s map, and in the sweep's files (letters, digits and
     *              underscores, starting with a letter)
     * @param shape {@code [n]} for a vector, {@code [rows, columns]} for a matrix
     * @param fanIn for weights, how many inputs each output sums (the start's draw scales by it); 0 for biases
     */
    record Parameter(String name, int[] shape, int fanIn) {
        /** Checks the name and the shape. */
        public Parameter {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("a parameter's name is letters, digits and underscores from a "
                        + "letter, not '" + name + "'");
            }
            if (shape == null || shape.length < 1 || shape.length > 2 || Arrays.stream(shape).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("parameter " + name + ": a shape of one or two sides of at least 1, "
                        + "not " + Arrays.toString(shape));
            }
            if (fanIn < 0) {
                throw new IllegalArgumentException("parameter " + name + ": fan-in " + fanIn);
            }
            shape = shape.clone();
        }

        /** Weights of {@code shape}, each output summing {@code fanIn} inputs. */
        public static Parameter weights(String name, int fanIn, int... shape) {
            if (fanIn < 1) {
                throw new IllegalArgumentException("parameter " + name + ": weights need a fan-in of at least 1, not "
                        + fanIn);
            }
            return new Parameter(name, shape, fanIn);
        }

        /** Biases of {@code shape}. */
        public static Parameter bias(String name, int... shape) {
            return new Parameter(name, shape, 0);
        }

        @Override
        public int[] shape() {
            return shape.clone();
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
            return name + Arrays.toString(shape);
        }
    }
}
