package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.model.ModelFamily;
import java.util.function.BiFunction;

/**
 * The models a descent moves, and for mini-batches what feeds them.
 *
 * @param models      the models stepped: on all the rows, or fed one mini-batch after another
 * @param miniBatches the mini-batch sequence, or null for full-batch descent
 * @param whole       for mini-batches, the same models on all the rows, where the states at the requested
 *                    step counts are measured; else {@code models} itself
 */
public record Descent(DescentModels models, MiniBatches miniBatches, DescentModels whole) {

    /**
     * The fast path's descent of {@code models} models: the family's graph on all the rows, and on mini-batches
     * its graph that reads the rows it is fed.
     */
    static Descent fastPath(FitData data, TrialBatch batch, int models) {
        ModelFamily family = batch.model().family();
        return of(data, batch, (rows, start) -> rows == data
                ? family.graph(data, batch.model(), start, models, batch.precision())
                : family.rowsGraph((Dataset) rows, batch.model(), start, models, batch.precision()));
    }

    /** Builds the graphs by {@code graphOn}, on all of {@code data} or on its first mini-batch. */
    static Descent of(FitData data, TrialBatch batch, BiFunction<FitData, Parameters, ModelGraph> graphOn) {
        ModelGraph whole = graphOn.apply(data, batch.start());
        if (!(data instanceof Dataset rows) || !batch.miniBatchOf(rows.rows())) {
            if (batch.batchSize() != TrialBatch.FULL_BATCH && data instanceof Moments moments
                    && batch.batchSize() < moments.count()) {
                throw new IllegalArgumentException("mini-batches of " + batch.batchSize()
                        + " rows need the rows, not their moments");
            }
            return new Descent(whole, null, whole);
        }
        MiniBatches miniBatches = new MiniBatches(rows, batch.batchSize(), batch.seed());
        return new Descent(graphOn.apply(miniBatches.at(0), batch.start()), miniBatches, whole);
    }

    /** Feeds step {@code step}'s mini-batch (step 0's was fed when the graph was built). */
    void feed(int step) {
        if (miniBatches != null && step > 0) {
            ((ModelGraph) models).use(miniBatches.at(step));
        }
    }
}
