package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent float64 implementation for tests: a network's loss and its gradient derived by hand
 * (backpropagation written out), and plain gradient descent on it. With no hidden layers it is linear
 * or logistic regression. Parameters in the layout's order: per layer W (in×out, row-major) then b.
 */
final class ReferenceNetwork {
    private final Dataset data;
    private final int[] widths;
    private final ModelSpec.Activation activation;
    private final ModelSpec.Loss loss;

    ReferenceNetwork(Dataset data, int[] hidden, ModelSpec.Activation activation, ModelSpec.Loss loss) {
        this.data = data;
        this.widths = new int[hidden.length + 2];
        widths[0] = data.features();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[hidden.length + 1] = 1;
        this.activation = activation;
        this.loss = loss;
    }

    /** The loss at θ; the gradient is written into {@code gradient} (zeroed first). */
    double lossAndGradient(double[] theta, double[] gradient) {
        java.util.Arrays.fill(gradient, 0);
        int layers = widths.length - 1;
        int n = data.rows();
        double total = 0;
        for (int r = 0; r < n; r++) {
            double[][] activations = new double[layers + 1][];
            double[][] preActivations = new double[layers + 1][];
            forward(theta, r, activations, preActivations);
            int offset = parameterCount();
            double y = data.y()[r];
            double z = activations[layers][0];
            double delta;
            if (loss == ModelSpec.Loss.MSE) {
                total += (z - y) * (z - y) / n;
                delta = 2 * (z - y) / n;
            } else {
                total += (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z) / n;
                delta = (1 / (1 + Math.exp(-z)) - y) / n;
            }
            double[] deltas = {delta};
            for (int l = layers; l >= 1; l--) {
                int in = widths[l - 1];
                int out = widths[l];
                offset -= in * out + out;
                double[] below = new double[in];
                for (int c = 0; c < out; c++) {
                    gradient[offset + in * out + c] += deltas[c];
                    for (int i = 0; i < in; i++) {
                        gradient[offset + i * out + c] += activations[l - 1][i] * deltas[c];
                        below[i] += theta[offset + i * out + c] * deltas[c];
                    }
                }
                if (l > 1) {
                    for (int i = 0; i < in; i++) {
                        below[i] *= derivative(preActivations[l - 1][i]);
                    }
                }
                deltas = below;
            }
        }
        return total;
    }

    private int parameterCount() {
        int count = 0;
        for (int l = 1; l < widths.length; l++) {
            count += widths[l - 1] * widths[l] + widths[l];
        }
        return count;
    }

    /** Row r's forward pass, filling each layer's activations and pre-activations; returns the output. */
    private double forward(double[] theta, int r, double[][] activations, double[][] preActivations) {
        int layers = widths.length - 1;
        activations[0] = new double[widths[0]];
        for (int j = 0; j < widths[0]; j++) {
            activations[0][j] = data.feature(r, j);
        }
        int offset = 0;
        for (int l = 1; l <= layers; l++) {
            int in = widths[l - 1];
            int out = widths[l];
            double[] z = new double[out];
            for (int c = 0; c < out; c++) {
                double sum = theta[offset + in * out + c];
                for (int i = 0; i < in; i++) {
                    sum += activations[l - 1][i] * theta[offset + i * out + c];
                }
                z[c] = sum;
            }
            offset += in * out + out;
            preActivations[l] = z;
            activations[l] = new double[out];
            for (int c = 0; c < out; c++) {
                activations[l][c] = l == layers ? z[c] : activate(z[c]);
            }
        }
        return activations[layers][0];
    }

    private double activate(double z) {
        return activation == ModelSpec.Activation.TANH ? Math.tanh(z) : Math.max(z, 0);
    }

    private double derivative(double z) {
        if (activation == ModelSpec.Activation.TANH) {
            double t = Math.tanh(z);
            return 1 - t * t;
        }
        return z > 0 ? 1 : 0;
    }

    /** The share of rows whose logit's sign matches the label. */
    double accuracy(double[] theta) {
        int layers = widths.length;
        int right = 0;
        for (int r = 0; r < data.rows(); r++) {
            double logit = forward(theta, r, new double[layers][], new double[layers][]);
            right += (logit > 0) == (data.y()[r] == 1) ? 1 : 0;
        }
        return (double) right / data.rows();
    }

    /**
     * Plain gradient descent from {@code start} at {@code rate}: the loss and parameters at each step
     * count, stopping where the loss turns non-finite or exceeds {@code factor} times the start loss.
     */
    List<double[]> descend(double[] start, double rate, int[] stepCounts, double factor) {
        double[] theta = start.clone();
        double[] gradient = new double[theta.length];
        List<double[]> states = new ArrayList<>();
        double bound = Double.NaN;
        int next = 0;
        for (int step = 0; next < stepCounts.length; step++) {
            double value = lossAndGradient(theta, gradient);
            if (step == 0) {
                bound = factor * value;
            }
            if (!Double.isFinite(value) || value > bound) {
                while (next++ < stepCounts.length) {
                    states.add(null);
                }
                return states;
            }
            if (step == stepCounts[next]) {
                double[] state = java.util.Arrays.copyOf(theta, theta.length + 1);
                state[theta.length] = value;
                states.add(state);
                next++;
            }
            for (int j = 0; j < theta.length; j++) {
                theta[j] -= rate * gradient[j];
            }
        }
        return states;
    }
}
