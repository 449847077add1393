package dev.lrsweep.driver.spark;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.RowSums;
import dev.lrsweep.worker.descent.SliceEvaluator;
import dev.lrsweep.worker.descent.SliceRequest;
import dev.lrsweep.worker.descent.SliceSums;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.graph.NativeThreads;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * Data parallelism: the rows stay partitioned (and cached) on the executors as slices, and every step of
 * the descent is one Spark job in which each slice sums the losses and gradients of every model of the
 * batch on its rows, combined with {@code treeAggregate}, the way Spark MLlib fits logistic regression.
 * The descent itself runs here, on the driver, at the combined means.
 */
public final class DataParallelFit {
    private DataParallelFit() {
    }

    /**
     * Fits every rate of the batch on the rows the slices hold, one job per gradient evaluation, and
     * measures each requested state on the held-out slices (one job more), where there are some.
     *
     * @param heldOut    the held-out rows' slices, or null
     * @param modelSteps told, after every step (on the driver, where this descent runs), how many models took it
     * @param beforeJob  called on this thread before each job: the sharpness measurements at the start and at the
     *                   step counts take jobs of their own, so jobs move where steps do not
     */
    public static List<Trajectory> fit(JavaRDD<Dataset> slices, JavaRDD<Dataset> heldOut, int features,
                                       TrialBatch batch, LongConsumer modelSteps, Runnable beforeJob) {
        return BatchDescent.fit(summed(slices, batch, beforeJob),
                heldOut == null ? null : summed(heldOut, batch, beforeJob), features, batch, modelSteps);
    }

    /**
     * λ_max of the loss's Hessian at the start point of a batch of one model ({@link TrialBatch#alone()}), on the rows
     * the slices hold: one job per product.
     */
    public static double sharpnessAtStart(JavaRDD<Dataset> slices, int features, TrialBatch alone,
                                          Runnable beforeJob) {
        return BatchDescent.sharpnessAtStart(summed(slices, alone, beforeJob), features, alone);
    }

    private static RowSums summed(JavaRDD<Dataset> slices, TrialBatch batch, Runnable beforeJob) {
        int parameters = batch.start().size();
        return request -> {
            beforeJob.run();
            return slices.treeAggregate(new SliceSums(request.models(), parameters),
                    (sums, slice) -> sums.add(sums(slice, request)), SliceSums::add);
        };
    }

    private static SliceSums sums(Dataset slice, SliceRequest request) {
        NativeThreads.limitTo(TaskContext.get().cpus());
        return SliceEvaluator.sums(slice, request);
    }
}
