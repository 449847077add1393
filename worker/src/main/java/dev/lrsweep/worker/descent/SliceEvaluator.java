package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates one slice of rows for a descent whose rows are held in slices (data parallelism): the
 * family's batched graph, fed with the slice's rows, at the request's parameters. The JVM keeps the graphs
 * of each of the last request shapes in a pool, one per task running at once, so that a few graphs serve every
 * slice and every step of a sweep (building one costs more than evaluating it; a graph per thread would
 * grow with Spark's task threads, which come and go). The pool keeps the slices it has fed too, the last
 * {@value #FED_SLICES}, so that a slice cached on its executor as it is (Spark's deserialized storage hands the same
 * rows to every step) is fed to the graphs once, not at every step (with a pool for each shape, B4 in data mode: fit
 * 32.6 → 25.3 s).
 */
public final class SliceEvaluator {
    /** The pools of the last {@value #SHAPES_KEPT} request shapes, the least recently used first. */
    private static final Map<Key, Pool> POOLS = new LinkedHashMap<>(8, 0.75f, true);
    /**
     * How many request shapes keep their pools: a sweep's batches, fitted side by side, ask for graphs of as many
     * models as their rates and twins, which differ from batch to batch and in and out of the twins' windows.
     */
    static final int SHAPES_KEPT = 4;
    /** How many slices a pool keeps fed: their native copies take at most as much memory as the slices' rows. */
    static final int FED_SLICES = 16;

    private record Key(ModelSpec model, int features, int models, Precision precision) {
    }

    /** The idle graphs of one request shape, and the slices fed to them, the least recently used first. */
    private record Pool(Key key, Queue<ModelGraph> idle, LinkedHashMap<Slice, Fed> fed) {
        /**
         * The slice's rows as {@code graph} takes them, fed now if they are not kept, in use until {@link #release}d;
         * the least recently used that are not in use go beyond {@value #FED_SLICES}.
         */
        synchronized Fed take(Dataset slice, ModelGraph graph) {
            Fed rows = fed.remove(new Slice(slice));
            if (rows == null) {
                rows = new Fed(graph.feed(slice));
            }
            fed.put(new Slice(slice), rows);
            rows.users++;
            Iterator<Fed> eldest = fed.values().iterator();
            for (int excess = fed.size() - FED_SLICES; excess > 0 && eldest.hasNext(); ) {
                Fed old = eldest.next();
                if (old.users == 0) {
                    eldest.remove();
                    old.rows.close();
                    excess--;
                }
            }
            return rows;
        }

        synchronized void release(Fed rows) {
            rows.users--;
        }
    }

    /** A slice, the same as another only where they are the same object: the same rows of the same cached block. */
    private record Slice(Dataset rows) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Slice slice && slice.rows == rows;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(rows);
        }
    }

    /** A slice's fed rows and how many evaluations use them now. */
    private static final class Fed {
        private final ModelGraph.FedRows rows;
        private int users;

        Fed(ModelGraph.FedRows rows) {
            this.rows = rows;
        }
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
        Fed rows = pool.take(slice, graph);
        try {
            graph.use(rows.rows);
            return sums(graph, slice, request);
        } finally {
            pool.release(rows);
            pool.idle().offer(graph);
        }
    }

    private static SliceSums sums(ModelGraph graph, Dataset slice, SliceRequest request) {
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

    /** The pool of the request's shape; beyond {@value #SHAPES_KEPT} shapes, the least recently used is let go. */
    private static Pool poolFor(SliceRequest request) {
        Key key = new Key(request.model(), request.features(), request.models(), request.precision());
        synchronized (POOLS) {
            Pool pool = POOLS.computeIfAbsent(key, shape -> new Pool(shape, new ConcurrentLinkedQueue<>(),
                    new LinkedHashMap<>()));
            if (POOLS.size() > SHAPES_KEPT) {
                Iterator<Pool> eldest = POOLS.values().iterator();
                eldest.next();
                eldest.remove();
            }
            return pool;
        }
    }
}
