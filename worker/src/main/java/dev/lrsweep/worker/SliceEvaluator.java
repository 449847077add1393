package dev.lrsweep.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates one slice of rows for a descent whose rows are held in slices (data parallelism): the
 * family's batched graph, fed with the slice's rows, at the request's parameters. Each thread keeps the
 * graph of its last request's shape, so that one graph serves every slice and every step of a sweep
 * (building one costs more than evaluating it).
 */
public final class SliceEvaluator {
    private static final ThreadLocal<Cached> GRAPH = new ThreadLocal<>();

    private record Key(ModelSpec model, int features, int models, Precision precision) {
    }

    private record Cached(Key key, ModelGraph graph) {
    }

    private SliceEvaluator() {
    }

    /** The request's sums over the slice's rows. */
    public static SliceSums sums(Dataset slice, SliceRequest request) {
        ModelGraph graph = graphFor(slice, request);
        graph.use(slice);
        INDArray theta = graph.parameterMatrix();
        int p = (int) theta.rows();
        int k = request.models();
        theta.assign(Nd4j.create(request.parameters(), new long[] {p, k}, DataType.DOUBLE).castTo(theta.dataType()));
        SliceSums sums = new SliceSums(k, p);
        if (request.sum() == SliceRequest.Sum.GRADIENTS) {
            DescentModels.Evaluation evaluation = graph.evaluate();
            sums.addMeans(slice.rows(), evaluation.losses(), rowMajor(evaluation.gradient()), null);
        } else {
            sums.addMeans(slice.rows(), null, null, graph.accuracies());
        }
        return sums;
    }

    /** A p×k matrix's values, row-major, in float64. */
    static double[] rowMajor(INDArray matrix) {
        return Nd4j.toFlattened('c', matrix.castTo(DataType.DOUBLE)).toDoubleVector();
    }

    private static ModelGraph graphFor(Dataset slice, SliceRequest request) {
        Key key = new Key(request.model(), request.features(), request.models(), request.precision());
        Cached cached = GRAPH.get();
        if (cached == null || !cached.key().equals(key)) {
            ModelSpec model = request.model();
            Parameters origin = Parameters.filled(model.layout(request.features()), 0);
            cached = new Cached(key, model.family().graph(slice, model, origin, request.models(), request.precision()));
            GRAPH.set(cached);
        }
        return cached.graph();
    }
}
