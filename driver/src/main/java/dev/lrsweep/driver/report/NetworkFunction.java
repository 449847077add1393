package dev.lrsweep.driver.report;

import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;

/**
 * A fitted model's output on one point of two-feature data, in plain Java from results.json, for
 * drawing: the arrays of the record's layout taken in pairs (weights, bias) as layers, each hidden
 * layer followed by the model's activation; a linear or logistic model is the one-layer case.
 */
final class NetworkFunction {
    private final List<Layout.Array> arrays;
    private final boolean relu;

    private NetworkFunction(List<Layout.Array> arrays, boolean relu) {
        this.arrays = arrays;
        this.relu = relu;
    }

    static NetworkFunction of(SweepRecord record) {
        return new NetworkFunction(record.layout().arrays(), record.model().activation() == ModelSpec.Activation.RELU);
    }

    /** The output (a logit for a classifier) of the model with these parameters at (x0, x1). */
    double logit(double[] parameters, double x0, double x1) {
        double[] activations = {x0, x1};
        int offset = 0;
        for (int layer = 0; layer < arrays.size(); layer += 2) {
            int[] shape = arrays.get(layer).shape();
            int in = shape[0];
            int out = shape.length == 2 ? shape[1] : 1;
            double[] next = new double[out];
            for (int c = 0; c < out; c++) {
                double sum = parameters[offset + in * out + c];
                for (int i = 0; i < in; i++) {
                    sum += activations[i] * parameters[offset + i * out + c];
                }
                boolean hidden = layer + 2 < arrays.size();
                next[c] = !hidden ? sum : relu ? Math.max(sum, 0) : Math.tanh(sum);
            }
            offset += in * out + out;
            activations = next;
        }
        return activations[0];
    }
}
