package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An independent float64 implementation for tests of a layered network: its forward pass and backpropagation
 * written out in loops over pixels, channels and units, one row at a time (no SameDiff, no matrices). Convolutions
 * are cross-correlations of NCHW images with filters × channels × kernel × kernel weights and {@code same} padding
 * (stride 1) of (k − 1) / 2 zeros at the top and left, the rest at the bottom and right; pooling takes no padding;
 * flatten reads channel by channel, row by row; a dense layer's weights are in × units, row-major. The loss is the
 * mean over the rows of softmax cross-entropy (K outputs), binary cross-entropy of a logit or squared error (one
 * output). Parameters in the layout's order: each layer's W, then its b.
 */
final class ReferenceLayers {
    private final ModelSpec model;
    private final List<Shape> shapes;

    ReferenceLayers(ModelSpec model, int features) {
        this.model = model;
        this.shapes = model.shapes(features);
    }

    /** The mean loss on {@code rows} at θ; its gradient is written into {@code gradient} (zeroed first). */
    double lossAndGradient(Dataset rows, double[] theta, double[] gradient) {
        Arrays.fill(gradient, 0);
        List<Layer> layers = model.layers();
        int[] offsets = offsets();
        double total = 0;
        int n = rows.rows();
        for (int r = 0; r < n; r++) {
            double[][] inputs = new double[layers.size() + 1][];
            double[][] before = new double[layers.size()][];
            inputs[0] = new double[rows.features()];
            for (int j = 0; j < rows.features(); j++) {
                inputs[0][j] = rows.feature(r, j);
            }
            for (int l = 0; l < layers.size(); l++) {
                before[l] = forward(layers.get(l), shapes.get(l), shapes.get(l + 1), theta, offsets[l], inputs[l]);
                inputs[l + 1] = activate(layers.get(l), before[l]);
            }
            double[] out = inputs[layers.size()];
            double[] delta = new double[out.length];
            total += lossAndDelta(out, rows.y()[r], delta);
            for (int l = layers.size() - 1; l >= 0; l--) {
                Layer layer = layers.get(l);
                for (int i = 0; i < delta.length; i++) {
                    delta[i] *= activation(layer).derivative(before[l][i]);
                }
                delta = backward(layer, shapes.get(l), shapes.get(l + 1), theta, offsets[l], inputs[l], delta,
                        gradient, n);
            }
        }
        return total / n;
    }

    /** The share of rows whose largest output (for one output: its sign) is their label. */
    double accuracy(Dataset rows, double[] theta) {
        List<Layer> layers = model.layers();
        int[] offsets = offsets();
        int right = 0;
        for (int r = 0; r < rows.rows(); r++) {
            double[] values = new double[rows.features()];
            for (int j = 0; j < values.length; j++) {
                values[j] = rows.feature(r, j);
            }
            for (int l = 0; l < layers.size(); l++) {
                values = activate(layers.get(l), forward(layers.get(l), shapes.get(l), shapes.get(l + 1), theta,
                        offsets[l], values));
            }
            int predicted = 0;
            for (int c = 1; c < values.length; c++) {
                predicted = values[c] > values[predicted] ? c : predicted;
            }
            if (values.length == 1) {
                predicted = values[0] > 0 ? 1 : 0;
            }
            right += predicted == (int) rows.y()[r] ? 1 : 0;
        }
        return (double) right / rows.rows();
    }

    /** Where each layer's parameters begin in θ (its W, then its b). */
    private int[] offsets() {
        int[] offsets = new int[model.layers().size()];
        int at = 0;
        for (int l = 0; l < offsets.length; l++) {
            offsets[l] = at;
            at += parameters(model.layers().get(l), shapes.get(l));
        }
        return offsets;
    }

    private static int parameters(Layer layer, Shape in) {
        if (layer instanceof Layer.Dense dense) {
            return (int) in.size() * dense.units() + dense.units();
        }
        if (layer instanceof Layer.Conv2d conv) {
            return conv.filters() * in.channels() * conv.kernel() * conv.kernel() + conv.filters();
        }
        return 0;
    }

    private static ModelSpec.Activation activation(Layer layer) {
        return layer instanceof Layer.Dense dense ? dense.activation()
                : layer instanceof Layer.Conv2d conv ? conv.activation() : ModelSpec.Activation.NONE;
    }

    private static double[] activate(Layer layer, double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = activation(layer).of(z[i]);
        }
        return a;
    }

    /** The top (and left) padding of a convolution: (k − 1) / 2 for same, 0 for valid. */
    private static int padding(Layer.Conv2d conv) {
        return conv.padding() == Layer.Padding.SAME ? (conv.kernel() - 1) / 2 : 0;
    }

    /** The layer's output before its activation. */
    private static double[] forward(Layer layer, Shape in, Shape out, double[] theta, int offset, double[] x) {
        double[] z = new double[(int) out.size()];
        if (layer instanceof Layer.Dense dense) {
            int units = dense.units();
            int inputs = (int) in.size();
            for (int u = 0; u < units; u++) {
                double sum = theta[offset + inputs * units + u];
                for (int i = 0; i < inputs; i++) {
                    sum += x[i] * theta[offset + i * units + u];
                }
                z[u] = sum;
            }
        } else if (layer instanceof Layer.Conv2d conv) {
            int k = conv.kernel();
            int pad = padding(conv);
            int weights = conv.filters() * in.channels() * k * k;
            for (int f = 0; f < out.channels(); f++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xo = 0; xo < out.width(); xo++) {
                        double sum = theta[offset + weights + f];
                        for (int c = 0; c < in.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = y * conv.stride() + ky - pad;
                                    int ix = xo * conv.stride() + kx - pad;
                                    if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                        sum += theta[offset + ((f * in.channels() + c) * k + ky) * k + kx]
                                                * x[(c * in.height() + iy) * in.width() + ix];
                                    }
                                }
                            }
                        }
                        z[(f * out.height() + y) * out.width() + xo] = sum;
                    }
                }
            }
        } else if (layer instanceof Layer.Pool pool) {
            for (int c = 0; c < out.channels(); c++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xo = 0; xo < out.width(); xo++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int[] at : window(pool, in, c, y, xo)) {
                            max = Math.max(max, x[at[0]]);
                            sum += x[at[0]];
                        }
                        z[(c * out.height() + y) * out.width() + xo] = pool.kind() == Layer.PoolKind.MAX_POOL ? max
                                : sum / (pool.size() * pool.size());
                    }
                }
            }
        } else {
            System.arraycopy(x, 0, z, 0, z.length);
        }
        return z;
    }

    /** The indices, into the input, of one pooling window. */
    private static List<int[]> window(Layer.Pool pool, Shape in, int c, int y, int x) {
        List<int[]> at = new ArrayList<>();
        for (int dy = 0; dy < pool.size(); dy++) {
            for (int dx = 0; dx < pool.size(); dx++) {
                at.add(new int[] {(c * in.height() + y * pool.stride() + dy) * in.width() + x * pool.stride() + dx});
            }
        }
        return at;
    }

    /**
     * Adds the layer's parameter gradient (δ being the loss's derivative with respect to its output before the
     * activation, for one row) divided by n, and returns the derivative with respect to its input.
     */
    private static double[] backward(Layer layer, Shape in, Shape out, double[] theta, int offset, double[] x,
                                     double[] delta, double[] gradient, int n) {
        double[] back = new double[x.length];
        if (layer instanceof Layer.Dense dense) {
            int units = dense.units();
            int inputs = (int) in.size();
            for (int u = 0; u < units; u++) {
                gradient[offset + inputs * units + u] += delta[u] / n;
                for (int i = 0; i < inputs; i++) {
                    gradient[offset + i * units + u] += delta[u] * x[i] / n;
                    back[i] += delta[u] * theta[offset + i * units + u];
                }
            }
        } else if (layer instanceof Layer.Conv2d conv) {
            int k = conv.kernel();
            int pad = padding(conv);
            int weights = conv.filters() * in.channels() * k * k;
            for (int f = 0; f < out.channels(); f++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xo = 0; xo < out.width(); xo++) {
                        double d = delta[(f * out.height() + y) * out.width() + xo];
                        gradient[offset + weights + f] += d / n;
                        for (int c = 0; c < in.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = y * conv.stride() + ky - pad;
                                    int ix = xo * conv.stride() + kx - pad;
                                    if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                        int w = offset + ((f * in.channels() + c) * k + ky) * k + kx;
                                        int i = (c * in.height() + iy) * in.width() + ix;
                                        gradient[w] += d * x[i] / n;
                                        back[i] += d * theta[w];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } else if (layer instanceof Layer.Pool pool) {
            for (int c = 0; c < out.channels(); c++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xo = 0; xo < out.width(); xo++) {
                        double d = delta[(c * out.height() + y) * out.width() + xo];
                        List<int[]> window = window(pool, in, c, y, xo);
                        if (pool.kind() == Layer.PoolKind.MAX_POOL) {
                            int largest = window.get(0)[0];
                            for (int[] at : window) {
                                largest = x[at[0]] > x[largest] ? at[0] : largest;
                            }
                            back[largest] += d;
                        } else {
                            for (int[] at : window) {
                                back[at[0]] += d / (pool.size() * pool.size());
                            }
                        }
                    }
                }
            }
        } else {
            System.arraycopy(delta, 0, back, 0, back.length);
        }
        return back;
    }

    /** One row's loss; its derivative with respect to the outputs into {@code delta}. */
    private double lossAndDelta(double[] out, double label, double[] delta) {
        if (out.length > 1) {
            double largest = Arrays.stream(out).max().orElseThrow();
            double sum = 0;
            for (double z : out) {
                sum += Math.exp(z - largest);
            }
            for (int c = 0; c < out.length; c++) {
                delta[c] = Math.exp(out[c] - largest) / sum - (c == (int) label ? 1 : 0);
            }
            return largest + Math.log(sum) - out[(int) label];
        }
        double z = out[0];
        if (model.loss() == ModelSpec.Loss.MSE) {
            delta[0] = 2 * (z - label);
            return (z - label) * (z - label);
        }
        delta[0] = 1 / (1 + Math.exp(-z)) - label;
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - label * z;
    }
}
