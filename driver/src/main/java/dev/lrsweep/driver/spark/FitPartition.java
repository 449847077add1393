package dev.lrsweep.driver.spark;

import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.graph.NativeThreads;
import java.io.Serializable;
import java.util.ArrayList;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The work shipped to executors: fit the batch of learning rates in this task's partition on the
 * broadcast dataset. It carries only the broadcast handle and the fault plan.
 */
final class FitPartition extends AbstractFunction2<TaskContext, Iterator<TrialBatch>, ArrayList<Trajectory>>
        implements Serializable {
    private final Broadcast<FitData> dataset;
    private final Broadcast<FitData> validation;
    private final FaultInjection faults;
    private final boolean naive;
    private final LongAccumulator modelSteps;

    /**
     * @param naive      fit every cell on its own (the reference mode) instead of the batched fast path
     * @param modelSteps where the fast path adds the model-steps it takes, for the driver's progress line
     */
    FitPartition(Broadcast<FitData> dataset, Broadcast<FitData> validation, FaultInjection faults, boolean naive,
                 LongAccumulator modelSteps) {
        this.dataset = dataset;
        this.validation = validation;
        this.faults = faults;
        this.naive = naive;
        this.modelSteps = modelSteps;
    }

    @Override
    public ArrayList<Trajectory> apply(TaskContext task, Iterator<TrialBatch> batches) {
        if (faults.failFirstAttempt() && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected fault: first attempt of task " + task.partitionId());
        }
        if (faults.exhaustMemory()) {
            FaultInjection.fillHeap();
        }
        NativeThreads.limitTo(task.cpus());
        ArrayList<Trajectory> trajectories = new ArrayList<>();
        while (batches.hasNext()) {
            TrialBatch batch = batches.next();
            FitData held = validation == null ? null : validation.value();
            trajectories.addAll(naive ? BatchDescent.fitEachCell(dataset.value().asRows(),
                    held == null ? null : held.asRows(), batch)
                    : BatchDescent.fit(dataset.value(), held, batch, rate -> rate == faults.failingRate(),
                            steps -> {
                                // a cancelled job's task (the sweep is stopping) ends at its next step, not its last
                                task.killTaskIfInterrupted();
                                modelSteps.add(steps);
                            }));
        }
        return trajectories;
    }
}
