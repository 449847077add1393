package dev.lrsweep.driver.spark;

import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.RangeTest;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.graph.NativeThreads;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Fans batches of learning rates out to Spark tasks, one task per batch, and hands each batch's
 * trajectories to the driver as soon as its task succeeds. Spark delivers exactly one result per
 * partition, whatever retries or speculative copies ran, so no batch arrives twice.
 */
public final class SparkFanOut {
    private SparkFanOut() {
    }

    /** Receives a finished batch on the driver. */
    @FunctionalInterface
    public interface BatchSink {
        /**
         * Called once per batch, in the order tasks finish.
         *
         * @param batch        the batch's index in the list given to {@link #fit}
         * @param trajectories its trajectories, one per learning rate
         */
        void accept(int batch, List<Trajectory> trajectories);
    }

    /**
     * Broadcasts the data (the rows, or their moments) once and fits every batch, one Spark task each.
     *
     * @param validation the held-out rows (or their moments) each requested state is measured on, or null
     * @param progress   where the tasks report the model-steps they take
     */
    public static void fit(JavaSparkContext spark, FitData data, FitData validation, List<TrialBatch> batches, boolean naive,
                    FaultInjection faults, TaskProgress progress, BatchSink sink) {
        if (batches.isEmpty()) {
            return;
        }
        // the broadcast goes with the context, which stops once the sweep's one job is done; destroying it here
        // is asynchronous and raced with that stop, logging RejectedExecutionException traces
        Broadcast<FitData> shared = spark.broadcast(data);
        Broadcast<FitData> held = validation == null ? null : spark.broadcast(validation);
        DeliverBatch deliver = new DeliverBatch(sink, spark);
        try {
            spark.sc().runJob(spark.parallelize(batches, batches.size()).rdd(),
                    new FitPartition(shared, held, faults, naive, progress.modelSteps()), deliver,
                    ClassTag$.MODULE$.apply(ArrayList.class));
        } catch (Exception e) {
            // Exception, not only RuntimeException: Scala code throws checked exceptions (SparkException) undeclared
            if (deliver.failure != null) {
                throw deliver.failure;
            }
            throw e;
        }
        // the last batch's failure cancels nothing: its job has ended well
        if (deliver.failure != null) {
            throw deliver.failure;
        }
    }

    /**
     * Broadcasts the data once and runs every range test, one Spark task each.
     *
     * @return each test's trace, in the order given
     */
    public static List<RangeTest.Trace> rangeTests(JavaSparkContext spark, FitData data, List<RangeTest> tests) {
        Broadcast<FitData> shared = spark.broadcast(data);
        return spark.parallelize(tests, tests.size()).map(test -> {
            NativeThreads.limitTo(TaskContext.get().cpus());
            return test.run(shared.value());
        }).collect();
    }

    /** λ_max of the loss's Hessian at the batch's start point on {@code data}, measured in one task. */
    public static double sharpnessAtStart(JavaSparkContext spark, FitData data, TrialBatch batch) {
        Broadcast<FitData> shared = spark.broadcast(data);
        return spark.parallelize(List.of(batch), 1).map(one -> {
            NativeThreads.limitTo(TaskContext.get().cpus());
            return BatchDescent.sharpnessAtStart(shared.value(), one);
        }).collect().get(0);
    }

    /**
     * Spark's result handler, on the driver: passes each partition's result to the sink. A sink that fails (the
     * journal cannot be written) cancels the job and its failure is the job's: thrown into Spark, it would be
     * wrapped as "Execution error", and each later result's failure logged with a trace.
     */
    private static final class DeliverBatch extends AbstractFunction2<Object, ArrayList<Trajectory>, BoxedUnit> {
        private final BatchSink sink;
        private final JavaSparkContext spark;
        /** The sink's failure, set on Spark's scheduler thread, read by the job's once the job ended. */
        private volatile RuntimeException failure;

        DeliverBatch(BatchSink sink, JavaSparkContext spark) {
            this.sink = sink;
            this.spark = spark;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<Trajectory> trajectories) {
            if (failure == null) {
                try {
                    sink.accept((Integer) partition, trajectories);
                } catch (RuntimeException e) {
                    failure = e;
                    spark.cancelAllJobs();
                }
            }
            return BoxedUnit.UNIT;
        }
    }
}
