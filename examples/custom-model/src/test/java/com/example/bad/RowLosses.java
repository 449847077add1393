package com.example.bad;

import dev.lrsweep.worker.model.CustomModel;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A mistake the sweep refuses: the loss of every row, not their mean. */
public final class RowLosses implements CustomModel {
    @Override
    public List<Parameter> parameters(int features) {
        return List.of(Parameter.weights("w", features, features, 1));
    }

    @Override
    public SDVariable loss(SameDiff graph, SDVariable features, SDVariable labels, Map<String, SDVariable> p) {
        return graph.math().square(features.mmul(p.get("w")).sub(labels));
    }
}
