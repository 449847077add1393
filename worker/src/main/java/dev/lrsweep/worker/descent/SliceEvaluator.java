package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates one slice of rows for a descent whose rows are held in slices (data parallelism): the
 * family's batched graph, fed with the slice's rows, at the request's parameters. The JVM keeps the graphs
 * of the last request's shape in a pool, one per task running at once, so that a few graphs serve every
 * slice and every step of a sweep (building one costs more than evaluating it; a graph per thread would
 * grow with Spark's task threads, which come and go).
 */
public final class SliceEvaluator {
    private static final AtomicReference<Pool> POOL = new AtomicReference<>();

    private record Key(ModelSpec model, int features, int models, Precision precision) {
    }

    /** The idle graphs of one request shape. */
    private record Pool(Key key, Queue<ModelGraph> idle) {
    }

    private SliceEvaluator() {
    }

    /** The request's sums over the slice's rows. */
    public static SliceSums sums(Dataset slice, SliceRequest request) {
        Pool pool = poolFor(request);
        ModelGraph graph = pool.idle().poll();
        if (graph == null) {
            ModelSpec model = request.model();
            Parameters origin = Parameters.filled(model.layout(request.features()), 0);
            graph = model.family().graph(slice, model, origin, request.models(), request.precision());
        }
        try {
            return sums(graph, slice, request);
        } finally {
            pool.idle().offer(graph);
        }
    }

    private static SliceSums sums(ModelGraph graph, Dataset slice, SliceRequest request) {
        graph.use(slice);
        INDArray theta = graph.parameterMatrix();
        int p = (int) theta.rows();
        int k = request.models();
        theta.assign(Nd4j.create(request.parameters(), new long[] {p, k}, DataType.DOUBLE).castTo(theta.dataType()));
        SliceSums sums = new SliceSums(k, p);
        if (request.sum() == SliceRequest.Sum.GRADIENTS) {
            DescentModels.Evaluation evaluation = graph.evaluate();
            sums.addMeans(slice.rows(), evaluation.losses(), DescentModels.rowMajor(evaluation.gradient()), null);
        } else {
            sums.addMeans(slice.rows(), null, null, graph.accuracies());
        }
        return sums;
    }

    /** The pool of the request's shape; a pool of another shape (an earlier sweep's) is let go. */
    private static Pool poolFor(SliceRequest request) {
        Key key = new Key(request.model(), request.features(), request.models(), request.precision());
        return POOL.updateAndGet(pool -> pool != null && pool.key().equals(key) ? pool
                : new Pool(key, new ConcurrentLinkedQueue<>()));
    }
}
