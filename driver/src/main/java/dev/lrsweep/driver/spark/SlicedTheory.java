package dev.lrsweep.driver.spark;

import dev.lrsweep.driver.analysis.LogisticSums;
import dev.lrsweep.driver.analysis.LogisticTheory;
import dev.lrsweep.worker.Dataset;
import org.apache.spark.api.java.JavaRDD;

/**
 * Theory's passes over rows that stay in slices on the executors (data parallelism): each pass one Spark job whose
 * slices sum their rows where they are cached, combined with {@code treeAggregate}.
 */
public final class SlicedTheory {
    private SlicedTheory() {
    }

    /** Logistic regression's passes over the slices. */
    public static LogisticTheory.Rows logistic(JavaRDD<Dataset> slices) {
        return (theta, need) -> slices.treeAggregate(new LogisticSums(theta, need), LogisticSums::add,
                LogisticSums::merge);
    }
}
