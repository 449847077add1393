package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network: a stack of {@link Layer}s (dense, convolution, pooling, flatten), the last a dense layer without
 * activation whose outputs are a value (mean squared error), a logit (binary cross-entropy) or K logits (softmax
 * cross-entropy). {@code mlp} is its short form: dense hidden layers of one activation and one output unit.
 *
 * <p>The k models share every step's work where the layer allows. Until the first layer with parameters every model
 * sees the same rows, so that layer runs once for all: a dense layer as one product with the k models' weights
 * side by side (the first one on [X | 1], its biases as the last row), a convolution as one product of the images'
 * patches (im2col, with a column of ones) and the k models' filters side by side (biases as the last row), giving
 * k·filters output channels; where a pooling of whole windows follows it, the filters times the patches laid out
 * window by window as columns, so that the pooling and a dense layer after the flattening read the product as it
 * comes ({@link #pooledConvolution}). From there each model has its own block of channels: pooling, flatten and
 * activations act on all blocks at once; a later dense layer is a batch of k products, each model's block by its
 * own weights, and a later convolution one with (k·filters)×(k·channels) filters, zero outside the diagonal blocks
 * (built in the graph from the parameter matrix, so that the gradient reaches only the blocks; the zeros cost k
 * times the multiply-adds of k separate convolutions). The reference graph is the same network of one model.
 *
 * <p>Measured on the digits network (conv 8@3×3 relu, max-pool 2, flatten, dense 10; 1,797 images, 8 models, one
 * thread, float64): 101 ms an evaluation with the convolution's output permuted to NCHW for libnd4j's pooling, a
 * block-diagonal dense layer and the patches made at every evaluation; about 52 ms as it is now
 * (docs/performance.md).
 */
public final class NetworkModel implements ModelFamily {

    @Override
    public Layout layout(ModelSpec spec, int features) {
        List<Shape> shapes = spec.shapes(features);
        List<Layout.Array> arrays = new ArrayList<>();
        int number = 0;
        long size = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            List<Layout.Array> own = spec.layers().get(i).arrays(shapes.get(i), number + 1);
            if (!own.isEmpty()) {
                number++;
                arrays.addAll(own);
            }
            for (Layout.Array array : own) {
                size += Arrays.stream(array.shape()).asLongStream().reduce(1, (a, b) -> a * b);
            }
            if (size > Layer.MAX_PARAMETERS) {
                throw new IllegalArgumentException("model.layers[" + i + "] (" + spec.layers().get(i).describe()
                        + "): " + size + " parameters per model so far, more than the " + Layer.MAX_PARAMETERS
                        + " a model may have");
            }
        }
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

    /** Values under mean squared error; under cross-entropy classes 0 or 1 for one logit, else K classes. */
    @Override
    public ModelSpec.Labels labels(ModelSpec.Loss loss, int outputs) {
        return loss == ModelSpec.Loss.MSE ? ModelSpec.Labels.VALUES
                : outputs == 1 ? ModelSpec.Labels.BINARY : ModelSpec.Labels.CLASSES;
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

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_ROWS;
    }

    /**
     * The network of {@code k} models; {@code batched} false for the reference of one model, written without the
     * side-by-side and block-diagonal forms.
     */
    private static ModelGraph network(Dataset data, ModelSpec spec, Parameters start, int k, Precision precision,
                                      boolean batched) {
        int d = data.features();
        return new ModelGraph(d, data, start, k, precision, new double[start.size()], 0, (graph, theta, inputs) -> {
            Shape shape = spec.input(d);
            // a first dense layer on a row of features takes its biases in its product, [X | 1]·[W; b] (no
            // broadcast add, whose backward pass would sum n×(k·units) values)
            boolean onDesign = !shape.isImage() && spec.layers().get(0) instanceof Layer.Dense;
            SDVariable values = onDesign ? inputs.design()
                    : inputs.design().get(SDIndex.all(), SDIndex.interval(0, d));
            if (shape.isImage()) {
                values = values.reshape(-1, shape.channels(), shape.height(), shape.width());
            }
            boolean shared = true;
            // values as [k, features, n], each model's images as the columns of a matrix of its own, for a dense
            // layer's batch of products
            boolean imagesAsColumns = false;
            int offset = 0;
            int number = 0;
            List<Layer> layers = spec.layers();
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                Shape out = layer.output(shape);
                if (layer instanceof Layer.Dense dense) {
                    int in = shape.channels();
                    int units = dense.units();
                    SDVariable weights = theta.get(SDIndex.interval(offset, offset + in * units), SDIndex.all());
                    offset += in * units;
                    SDVariable biasRow = graph.transpose(theta.get(SDIndex.interval(offset, offset + units),
                            SDIndex.all())).reshape(1, (long) k * units);
                    offset += units;
                    SDVariable z;
                    if (batched && imagesAsColumns) {
                        // each model its own product, its weights transposed times its images' columns
                        z = weights.reshape(in, units, k).permute(2, 1, 0).mmul(values)
                                .add(biasRow.reshape(k, units, 1)).permute(2, 0, 1).reshape(-1, (long) k * units);
                    } else if (batched && !shared && units == 1) {
                        // one unit a model: its product is the dot product of each of its rows with its weights, an
                        // element-wise product with the k models' weights broadcast over the rows, summed over each
                        // model's values; a batch of k products would have libnd4j permute its operands, copying
                        // n×k×in values there and back (B5: 22.6 → 20.8 ms a step, measured, with the program's
                        // products in place of multiply_bp)
                        z = values.reshape(-1, k, in).mul(graph.transpose(weights).reshape(1, k, in)).sum(2)
                                .add(biasRow);
                    } else if (batched && !shared) {
                        // each model its own product: the k models' blocks of columns as a batch of k matrices
                        z = values.reshape(-1, k, in).permute(1, 0, 2).mmul(weights.reshape(in, units, k)
                                .permute(2, 0, 1)).add(biasRow.reshape(k, 1, units)).permute(1, 0, 2)
                                .reshape(-1, (long) k * units);
                    } else {
                        SDVariable matrix = !batched ? weights.reshape(in, units)
                                : weights.reshape(in, units, k).permute(0, 2, 1).reshape(in, (long) k * units);
                        z = onDesign ? values.mmul(graph.concat(0, matrix, biasRow)) : values.mmul(matrix).add(biasRow);
                    }
                    values = dense.activation().apply(graph, z);
                    onDesign = false;
                    shared = false;
                    imagesAsColumns = false;
                } else if (layer instanceof Layer.Conv2d conv) {
                    int channels = shape.channels();
                    int filters = conv.filters();
                    int side = conv.kernel();
                    int size = filters * channels * side * side;
                    SDVariable weights = theta.get(SDIndex.interval(offset, offset + size), SDIndex.all());
                    offset += size;
                    SDVariable bias = graph.transpose(theta.get(SDIndex.interval(offset, offset + filters),
                            SDIndex.all())).reshape((long) k * filters);
                    offset += filters;
                    Conv2DConfig config = Conv2DConfig.builder().kH(side).kW(side).sH(conv.stride())
                            .sW(conv.stride())
                            .paddingMode(conv.padding() == Layer.Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                            .dataFormat("NCHW").build();
                    SDVariable z;
                    if (shared && batched) {
                        // on the rows every model sees the same patches: one product of the patches (n·positions ×
                        // channels·k·k) and the k models' filters side by side gives every model's outputs
                        // (and, as [X | 1] for a dense layer, the biases as the last row: no broadcast add, whose
                        // backward pass would sum n·positions×(k·filters) values)
                        int patch = channels * side * side;
                        // libnd4j's im2col in same mode puts all the padding after the image: the image is
                        // padded here as PyTorch pads it, the odd one after, and taken in valid mode
                        int before = conv.padding() == Layer.Padding.SAME ? (side - 1) / 2 : 0;
                        int after = conv.padding() == Layer.Padding.SAME ? side - 1 - before : 0;
                        SDVariable padded = before + after == 0 ? values : graph.nn().pad(values,
                                graph.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {before, after},
                                        {before, after}})), 0);
                        SDVariable columns = graph.cnn().im2Col(padded, Conv2DConfig.builder().kH(side).kW(side)
                                .sH(conv.stride()).sW(conv.stride()).paddingMode(PaddingMode.VALID)
                                .dataFormat("NCHW").build());
                        SDVariable filtersSideBySide = graph.concat(0, weights.reshape(filters, patch, k)
                                .permute(1, 2, 0).reshape(patch, (long) k * filters),
                                bias.reshape(1, (long) k * filters));
                        if (i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Pool pool
                                && pool.stride() == pool.size()) {
                            SDVariable pooled = pooledConvolution(graph, columns, filtersSideBySide, conv, pool,
                                    shape, k * filters);
                            shape = pool.output(out);
                            i++;
                            shared = false;
                            if (i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Flatten) {
                                // each model's (filter, row, column) values, as PyTorch flattens NCHW, for each
                                // image: the dense layer after the flattening takes them as they are
                                values = pooled.reshape(k, shape.size(), -1);
                                imagesAsColumns = true;
                                shape = layers.get(i + 1).output(shape);
                                i++;
                            } else {
                                values = pooled.reshape((long) k * filters, shape.height(), shape.width(), -1)
                                        .permute(3, 0, 1, 2);
                            }
                            continue;
                        }
                        z = withOnes(graph, columns.permute(0, 4, 5, 1, 2, 3).reshape(-1, patch), 1)
                                .mmul(filtersSideBySide)
                                .reshape(-1, out.height(), out.width(), (long) k * filters).permute(0, 3, 1, 2);
                    } else {
                        SDVariable kernels = weights.reshape(filters, channels, side, side, k)
                                .permute(4, 0, 1, 2, 3).reshape((long) k * filters, channels, side, side);
                        if (k > 1) {
                            kernels = blockDiagonalKernels(graph, kernels, filters, channels, side, k,
                                    inputs.type(), ++number);
                        }
                        // kernels as libnd4j's default [kH, kW, in, out]: its conv2d_bp ignores another weights
                        // format
                        z = graph.cnn().conv2d(values, kernels.permute(2, 3, 1, 0), bias, config);
                    }
                    values = conv.activation().apply(graph, z);
                    shared = false;
                } else if (layer instanceof Layer.Pool pool) {
                    values = pooled(graph, values, pool.kind(), pool.size(), pool.size(), pool.stride(),
                            pool.stride());
                } else {
                    values = values.reshape(-1, (shared ? 1L : k) * out.size());
                }
                shape = out;
            }
            int units = spec.outputs();
            if (units == 1) {
                return new ModelGraph.Outputs(spec.loss().perModel(graph, values, inputs),
                        spec.classifies() ? ModelGraph.logitAccuracies(values, inputs) : null);
            }
            return SoftmaxModel.crossEntropy(graph, values.reshape(-1, k, units), k, units, inputs);
        });
    }

    /**
     * The matrix {@code patches} with ones after its last column ({@code axis} 1) or row (0): its product with the
     * filters and their biases as a last row (or column) adds the biases.
     */
    private static SDVariable withOnes(SameDiff graph, SDVariable patches, int axis) {
        SDVariable first = axis == 1 ? patches.get(SDIndex.all(), SDIndex.interval(0, 1))
                : patches.get(SDIndex.interval(0, 1), SDIndex.all());
        return graph.concat(axis, patches, graph.onesLike(first));
    }

    /**
     * A convolution on the rows and the pooling after it, whose windows do not overlap (stride = size), as
     * [channels, window, n] (window: row by row of the pooled output; the caller lays it out for the next layer).
     * One product of the k models' filters, transposed and side by side, and the patches laid out window by window
     * as columns (window row, window column, row in the window, column in the window, image) puts each window's s²
     * outputs of a channel in s² rows of n consecutive values, pooled as an NCHW image of s² rows of n pixels per
     * channel and window; nothing is permuted at any evaluation (the patches are made once per feed), and the result
     * is, per model, the matrix of each image's flattened (filter, row, column) values in a column, as a dense layer
     * after the flattening takes it. Under max pooling a nondecreasing activation commutes with the maximum, so it
     * runs after the pooling, on a quarter of the values for windows of 2×2.
     */
    private static SDVariable pooledConvolution(SameDiff graph, SDVariable columns, SDVariable filtersSideBySide,
                                                Layer.Conv2d conv, Layer.Pool pool, Shape input, int channels) {
        Shape pooled = pool.output(conv.output(input));
        int s = pool.size();
        int rows = pooled.height();
        int cols = pooled.width();
        int side = conv.kernel();
        int patch = input.channels() * side * side;
        // im2col's [n, channels, kernel, kernel, out rows, out columns]: the positions inside whole windows
        SDVariable windows = columns.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.all(),
                        SDIndex.interval(0, rows * s), SDIndex.interval(0, cols * s))
                .reshape(-1, input.channels(), side, side, rows, s, cols, s)
                .permute(1, 2, 3, 4, 6, 5, 7, 0).reshape(patch, -1);
        SDVariable z = graph.transpose(filtersSideBySide).mmul(withOnes(graph, windows, 0))
                .reshape((long) channels * rows * cols, 1, (long) s * s, -1);
        boolean activateAfter = pool.kind() == Layer.PoolKind.MAX_POOL && conv.activation().nondecreasing();
        if (!activateAfter) {
            z = conv.activation().apply(graph, z);
        }
        z = pooled(graph, z, pool.kind(), s * s, 1, s * s, 1);
        if (activateAfter) {
            z = conv.activation().apply(graph, z);
        }
        return z.reshape(channels, (long) rows * cols, -1);
    }

    /** NCHW {@code values} pooled in windows of height × width, stride rows and columns apart, without padding. */
    private static SDVariable pooled(SameDiff graph, SDVariable values, Layer.PoolKind kind, int height, int width,
                                     int rowStride, int columnStride) {
        Pooling2DConfig config = Pooling2DConfig.builder().kH(height).kW(width).sH(rowStride).sW(columnStride)
                .paddingMode(PaddingMode.VALID).isNHWC(false)
                .type(kind == Layer.PoolKind.MAX_POOL ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .build();
        return kind == Layer.PoolKind.MAX_POOL ? graph.cnn().maxPooling2d(values, config)
                : graph.cnn().avgPooling2d(values, config);
    }

    /**
     * The (k·filters)×(k·channels)×side×side kernels with model i's filters over its own channels (block i) and
     * zeros elsewhere: the stacked kernels tiled k times across the input channels and masked to the diagonal.
     */
    private static SDVariable blockDiagonalKernels(SameDiff graph, SDVariable kernels, int filters, int channels,
                                                   int side, int k, DataType type, int layer) {
        long[] shape = {(long) k * filters, (long) k * channels, side, side};
        double[] mask = new double[k * filters * k * channels * side * side];
        int plane = side * side;
        for (int o = 0; o < k * filters; o++) {
            int model = o / filters;
            for (int c = model * channels; c < (model + 1) * channels; c++) {
                java.util.Arrays.fill(mask, (o * k * channels + c) * plane, (o * k * channels + c + 1) * plane, 1);
            }
        }
        return graph.tile(kernels, 1, k, 1, 1).mul(graph.constant("kernel_mask_" + layer,
                Nd4j.create(mask, shape, DataType.DOUBLE).castTo(type)));
    }
}
