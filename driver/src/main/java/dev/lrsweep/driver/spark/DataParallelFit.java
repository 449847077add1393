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
 * Data parallelism: the rows stay partitioned (and cached) on the executors as slices, and every gradient evaluation
 * of the descent asks each slice for the sums of the losses and gradients of every model of the batch on its rows;
 * the descent itself runs here, on the driver, at the combined means. Slices cached in memory are served for the
 * whole fit by one long-running task per partition ({@link ServedSlices}); slices on the executors' disks, or where
 * Spark cannot run such a stage, answer one Spark job per evaluation, combined with {@code treeAggregate}, the way
 * Spark MLlib fits logistic regression.
 */
public final class DataParallelFit {
    private DataParallelFit() {
    }

    /** Whether these slices (and the held-out ones, or null) are served for a whole fit, not read by a job each step. */
    public static boolean served(JavaRDD<Dataset> slices, JavaRDD<Dataset> heldOut) {
        return ServedSlices.serves(slices, heldOut);
    }

    /**
     * Fits every rate of the batch on the rows the slices hold, and measures each requested state on the held-out
     * slices, where there are some.
     *
     * @param heldOut          the held-out rows' slices, or null
     * @param modelSteps       told, after every step (on the driver, where this descent runs), how many models took it
     * @param beforeEvaluation called on this thread before each evaluation over the slices (the sharpness
     *                         measurements' included): where the slices are not served, just before its Spark job
     */
    public static List<Trajectory> fit(JavaRDD<Dataset> slices, JavaRDD<Dataset> heldOut, int features,
                                       TrialBatch batch, LongConsumer modelSteps, Runnable beforeEvaluation) {
        if (served(slices, heldOut)) {
            try (ServedSlices served = ServedSlices.start(slices, heldOut)) {
                return BatchDescent.fit(announced(served.fitted(), beforeEvaluation),
                        heldOut == null ? null : announced(served.heldOut(), beforeEvaluation), features, batch,
                        modelSteps);
            }
        }
        return BatchDescent.fit(summed(slices, beforeEvaluation),
                heldOut == null ? null : summed(heldOut, beforeEvaluation), features, batch, modelSteps);
    }

    /**
     * λ_max of the loss's Hessian at the start point of a batch of one model ({@link TrialBatch#alone()}), on the rows
     * the slices hold.
     */
    public static double sharpnessAtStart(JavaRDD<Dataset> slices, int features, TrialBatch alone) {
        if (served(slices, null)) {
            try (ServedSlices served = ServedSlices.start(slices, null)) {
                return BatchDescent.sharpnessAtStart(served.fitted(), features, alone);
            }
        }
        return BatchDescent.sharpnessAtStart(summed(slices, () -> { }), features, alone);
    }

    private static RowSums announced(RowSums sums, Runnable beforeEvaluation) {
        return request -> {
            beforeEvaluation.run();
            return sums.sum(request);
        };
    }

    private static RowSums summed(JavaRDD<Dataset> slices, Runnable beforeJob) {
        return request -> {
            beforeJob.run();
            return slices.treeAggregate(SliceSums.none(request), (sums, slice) -> sums.add(sums(slice, request)),
                    SliceSums::add);
        };
    }

    private static SliceSums sums(Dataset slice, SliceRequest request) {
        NativeThreads.limitTo(TaskContext.get().cpus());
        return SliceEvaluator.sums(slice, request);
    }
}
