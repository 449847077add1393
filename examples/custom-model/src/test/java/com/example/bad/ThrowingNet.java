package com.example.bad;

import dev.lrsweep.worker.model.CustomModel;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A mistake the sweep refuses: a class that throws while it builds its graph (a parameter it never declared). */
public final class ThrowingNet implements CustomModel {
    @Override
    public List<Parameter> parameters(int features) {
        return List.of(Parameter.weights("w", features, features, 1));
    }

    @Override
    public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
        if (!p.containsKey("bias")) {
            throw new IllegalArgumentException("no parameter named bias");
        }
        return features.mmul(p.get("w")).add(p.get("bias")).sub(labels).mean();
    }
}
