package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected network: hidden layers of tanh or relu units, one linear output unit (a value under
 * mean squared error, a logit under cross-entropy). Parameters {@code W1} (d×h1), {@code b1} (h1), …,
 * and for the output {@code W<L+1>} (a vector of h_L) and {@code b<L+1>} (a scalar).
 *
 * <p>The k models share every matrix product: the first layers side by side as one (d+1)×(k·h1) matrix,
 * their biases as its last row, give all models' hidden units in one product [X | 1]·W; each later layer is a block-diagonal (k·h_in)×(k·h_out)
 * matrix, model i's weights in block i and zeros elsewhere (built in the graph from the parameter
 * matrix, so that the gradient reaches only the blocks), and the last gives the n×k outputs. The
 * zeros cost k times the multiply-adds of the k products, small beside the element-wise activations.
 * The reference graph is the textbook network of one model.
 */
public final class MlpModel implements ModelFamily {

    @Override
    public Layout layout(ModelSpec spec, int features) {
        int[] hidden = spec.hidden();
        List<Layout.Array> arrays = new ArrayList<>();
        int in = features;
        for (int l = 0; l < hidden.length; l++) {
            String w = "W" + (l + 1);
            String b = "b" + (l + 1);
            arrays.add(new Layout.Array(w, w + "_", new int[] {in, hidden[l]}, in));
            arrays.add(new Layout.Array(b, b + "_", new int[] {hidden[l]}, 0));
            in = hidden[l];
        }
        String w = "W" + (hidden.length + 1);
        arrays.add(new Layout.Array(w, w + "_", new int[] {in}, in));
        arrays.add(Layout.Array.scalar("b" + (hidden.length + 1)));
        return new Layout(arrays);
    }

    @Override
    public ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision) {
        return network(data.asRows(), spec, start, models, precision, true);
    }

    @Override
    public ModelGraph referenceGraph(Dataset data, ModelSpec spec, Parameters start, Precision precision) {
        return network(data, spec, start, 1, precision, false);
    }

    @Override
    public boolean measuresSharpness() {
        return true;
    }

    /** Values under mean squared error, classes 0 or 1 under cross-entropy (one logit). */
    @Override
    public ModelSpec.Labels labels(ModelSpec.Loss loss) {
        return loss == ModelSpec.Loss.MSE ? ModelSpec.Labels.VALUES : ModelSpec.Labels.BINARY;
    }

    @Override
    public ModelSpec.Loss fixedLoss() {
        return null;
    }

    @Override
    public boolean layered() {
        return true;
    }

    @Override
    public ModelSpec.Start start() {
        return ModelSpec.Start.SEEDED_DRAW;
    }

    private static ModelGraph network(Dataset data, ModelSpec spec, Parameters start, int k, Precision precision,
                                      boolean batched) {
        int[] hidden = spec.hidden();
        return new ModelGraph(data.features(), data, start, k, precision, new double[start.size()], 0, (graph, theta, inputs) -> {
            // the first layer's biases ride in its product: [X | 1]·[W1; b1] (no broadcast add, whose
            // backward pass would sum n×(k·h) values)
            SDVariable activations = inputs.design();
            int in = data.features();
            int offset = 0;
            for (int l = 0; l <= hidden.length; l++) {
                int out = l < hidden.length ? hidden[l] : 1;
                SDVariable weights = theta.get(SDIndex.interval(offset, offset + in * out), SDIndex.all());
                offset += in * out;
                SDVariable biases = theta.get(SDIndex.interval(offset, offset + out), SDIndex.all());
                offset += out;
                SDVariable layer = !batched ? weights.reshape(in, out)
                        : l == 0 ? weights.reshape(in, out, k).permute(0, 2, 1).reshape(in, k * out)
                        : blockDiagonal(graph, weights, in, out, k, inputs.type(), l);
                SDVariable biasRow = graph.transpose(biases).reshape(1, k * out);
                SDVariable z = l == 0 ? activations.mmul(graph.concat(0, layer, biasRow))
                        : activations.mmul(layer).add(biasRow);
                activations = l < hidden.length ? spec.activation().apply(graph, z) : z;
                in = out;
            }
            SDVariable outputs = activations;
            return new ModelGraph.Outputs(spec.loss().perModel(graph, outputs, inputs),
                    spec.classifies() ? ModelGraph.logitAccuracies(outputs, inputs) : null);
        });
    }

    /**
     * The (k·in)×(k·out) matrix with model i's in×out weights in diagonal block i: the column block
     * (in·out)×k of the parameters as rows (i·in + r, c), tiled k times across and masked to the diagonal.
     */
    private static SDVariable blockDiagonal(SameDiff graph, SDVariable weights, int in, int out, int k, DataType type,
                                            int layer) {
        double[] mask = new double[k * in * k * out];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < in; r++) {
                for (int c = 0; c < out; c++) {
                    mask[(i * in + r) * (k * out) + i * out + c] = 1;
                }
            }
        }
        SDVariable rows = weights.reshape(in, out, k).permute(2, 0, 1).reshape(k * in, out);
        return graph.tile(rows, 1, k).mul(graph.constant("block_mask_" + layer,
                Nd4j.create(mask, new long[] {(long) k * in, (long) k * out}, DataType.DOUBLE).castTo(type)));
    }

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_ROWS;
    }
}
