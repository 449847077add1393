package dev.lrsweep.driver;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Trajectory;
import dev.lrsweep.worker.TrialBatch;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Fans batches of learning rates out to Spark tasks, one task per batch, and collects the trajectories. */
final class SparkSweep {
    private SparkSweep() {
    }

    /** Broadcasts the dataset once, fits every batch, and returns the trajectories in batch order. */
    static List<Trajectory> fit(JavaSparkContext spark, Dataset data, List<TrialBatch> batches) {
        Broadcast<Dataset> shared = spark.broadcast(data);
        try {
            return spark.parallelize(batches, batches.size()).flatMap(new FitBatch(shared)).collect();
        } finally {
            shared.destroy();
        }
    }
}
