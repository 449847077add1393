package com.example;

import dev.lrsweep.worker.model.CustomModel;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A binary classifier a config's layers can also express, {@code [{dense: {units: width, activation: tanh}},
 * {dense: {units: 1}}]} under cross-entropy: the tests sweep both and compare them cell by cell. It computes tanh
 * as 2·sigmoid(2z) − 1 and the cross-entropy's softplus on logits clipped at 40 plus the excess, as the built-in
 * layers do, so that the two agree to rounding at every step (SameDiff's own tanh and softplus differ from those
 * in the last digit, and an oscillating fit amplifies that a hundredfold within 100 steps). Options:
 * {@code width}, the hidden units (8 unless given).
 */
public final class TwoLayerNet implements CustomModel {
    private static final double SOFTPLUS_CLIP = 40;
    private final int width;

    public TwoLayerNet(Map<String, Object> options) {
        width = ((Number) options.getOrDefault("width", 8)).intValue();
    }

    @Override
    public List<Parameter> parameters(int features) {
        return List.of(Parameter.weights("W1", features, features, width), Parameter.bias("b1", width),
                Parameter.weights("W2", width, width, 1), Parameter.bias("b2", 1));
    }

    @Override
    public SDVariable outputs(SameDiff graph, SDVariable features, Map<String, SDVariable> p) {
        SDVariable z1 = features.mmul(p.get("W1")).add(p.get("b1"));
        SDVariable hidden = graph.nn().sigmoid(z1.mul(2)).mul(2).sub(1);
        return hidden.mmul(p.get("W2")).add(p.get("b2"));
    }

    @Override
    public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
        SDVariable z = outputs(graph, features, p);
        SDVariable softplus = graph.nn().softplus(graph.math().clipByValue(z, -Double.MAX_VALUE, SOFTPLUS_CLIP))
                .add(graph.nn().relu(z.sub(SOFTPLUS_CLIP), 0));
        return softplus.sub(labels.mul(z)).mean();
    }

    @Override
    public ModelSpec.Labels labels() {
        return ModelSpec.Labels.BINARY;
    }
}
