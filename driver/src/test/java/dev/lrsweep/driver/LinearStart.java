package dev.lrsweep.driver;

import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
import java.util.Map;

/** Start points of linear models for tests. */
public final class LinearStart {
    private LinearStart() {
    }

    /** Weights and a bias, laid out as a linear model's. */
    public static Parameters of(double[] weights, double bias) {
        return Parameters.fromTree(ModelSpec.linear().layout(weights.length),
                Map.of("weights", Arrays.stream(weights).boxed().toList(), "bias", bias));
    }

    /** A linear model's parameter vector: the weights, then the bias (any values, finite or not). */
    public static double[] values(double[] weights, double bias) {
        double[] values = Arrays.copyOf(weights, weights.length + 1);
        values[weights.length] = bias;
        return values;
    }

    /** A linear model's parameters as results.json holds them. */
    public static Map<String, Object> tree(double[] weights, double bias) {
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("weights", weights.clone());
        tree.put("bias", bias);
        return tree;
    }

    /** A linear model's layout on {@code features} features. */
    public static dev.lrsweep.worker.Layout layout(int features) {
        return ModelSpec.linear().layout(features);
    }

    /** The linear model. */
    public static ModelSpec model() {
        return ModelSpec.linear();
    }
}
