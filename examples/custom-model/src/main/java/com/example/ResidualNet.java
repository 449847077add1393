package com.example;

import dev.lrsweep.worker.model.CustomModel;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A binary classifier with a residual connection, which no config's layers can express:
 * h = tanh(X·W1 + b1), r = h + tanh(h·W2 + b2), logit z = r·W3 + b3, under binary cross-entropy. Options:
 * {@code width}, the hidden units (16 unless given).
 */
public final class ResidualNet implements CustomModel {
    private final int width;

    public ResidualNet(Map<String, Object> options) {
        width = ((Number) options.getOrDefault("width", 16)).intValue();
    }

    @Override
    public List<Parameter> parameters(int features) {
        return List.of(
                Parameter.weights("W1", features, features, width), Parameter.bias("b1", width),
                Parameter.weights("W2", width, width, width), Parameter.bias("b2", width),
                Parameter.weights("W3", width, width, 1), Parameter.bias("b3", 1));
    }

    @Override
    public SDVariable outputs(SameDiff graph, SDVariable features, Map<String, SDVariable> p) {
        SDVariable h = graph.math().tanh(features.mmul(p.get("W1")).add(p.get("b1")));
        SDVariable residual = h.add(graph.math().tanh(h.mmul(p.get("W2")).add(p.get("b2"))));
        return residual.mmul(p.get("W3")).add(p.get("b3"));
    }

    /** Binary cross-entropy of the logit, the mean over the rows of softplus(z) − y·z. */
    @Override
    public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
        SDVariable z = outputs(graph, features, p);
        return graph.nn().softplus(z).sub(labels.mul(z)).mean();
    }

    @Override
    public ModelSpec.Labels labels() {
        return ModelSpec.Labels.BINARY;
    }
}
