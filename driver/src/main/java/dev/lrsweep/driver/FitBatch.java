package dev.lrsweep.driver;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.GradientDescentSweep;
import dev.lrsweep.worker.NativeThreads;
import dev.lrsweep.worker.Trajectory;
import dev.lrsweep.worker.TrialBatch;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work shipped to executors: fit one batch of learning rates on the broadcast dataset. It
 * carries only the broadcast handle; the batch arrives as the task's record.
 */
final class FitBatch implements FlatMapFunction<TrialBatch, Trajectory> {
    private final Broadcast<Dataset> dataset;

    FitBatch(Broadcast<Dataset> dataset) {
        this.dataset = dataset;
    }

    @Override
    public Iterator<Trajectory> call(TrialBatch batch) {
        NativeThreads.limitTo(TaskContext.get().cpus());
        return GradientDescentSweep.fit(dataset.value(), batch).iterator();
    }
}
