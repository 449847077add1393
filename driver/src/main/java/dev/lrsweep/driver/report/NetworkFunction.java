package dev.lrsweep.driver.report;

import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;

/**
 * A fitted model's output on one point of two-feature data, in plain Java from results.json, for
 * drawing: the arrays of the record's layout taken in pairs (weights, bias) as dense layers, each followed by
 * its activation; a linear or logistic model is the one-layer case.
 */
final class NetworkFunction {
    private final List<Layout.Array> arrays;
    private final List<ModelSpec.Activation> activations;

    private NetworkFunction(List<Layout.Array> arrays, List<ModelSpec.Activation> activations) {
        this.arrays = arrays;
        this.activations = activations;
    }

    /** The record's model as a function, or null for a network of other than dense layers. */
    static NetworkFunction of(SweepRecord record) {
        List<Layer> layers = record.model().layers();
        if (layers.stream().anyMatch(layer -> !(layer instanceof Layer.Dense))) {
            return null;
        }
        return new NetworkFunction(record.layout().arrays(),
                layers.stream().map(layer -> ((Layer.Dense) layer).activation()).toList());
    }

    /** The output (a logit for a classifier) of the model with these parameters at (x0, x1). */
    double logit(double[] parameters, double x0, double x1) {
        double[] values = {x0, x1};
        int offset = 0;
        for (int layer = 0; layer < arrays.size(); layer += 2) {
            int[] shape = arrays.get(layer).shape();
            int in = shape[0];
            int out = shape.length == 2 ? shape[1] : 1;
            double[] next = new double[out];
            for (int c = 0; c < out; c++) {
                double sum = parameters[offset + in * out + c];
                for (int i = 0; i < in; i++) {
                    sum += values[i] * parameters[offset + i * out + c];
                }
                boolean hidden = layer + 2 < arrays.size();
                next[c] = hidden ? activations.get(layer / 2).of(sum) : sum;
            }
            offset += in * out + out;
            values = next;
        }
        return values[0];
    }
}
