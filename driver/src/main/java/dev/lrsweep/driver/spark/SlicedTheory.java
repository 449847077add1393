package dev.lrsweep.driver.spark;

import dev.lrsweep.driver.analysis.NewtonSums;
import dev.lrsweep.driver.analysis.RowPasses;
import dev.lrsweep.worker.Dataset;
import org.apache.spark.api.java.JavaRDD;

/**
 * Theory's passes over rows that stay in slices on the executors (data parallelism): each pass one Spark job whose
 * slices sum their rows where they are cached, combined with {@code treeAggregate}.
 */
public final class SlicedTheory {
    private SlicedTheory() {
    }

    /** Passes over the slices. */
    public static RowPasses passes(JavaRDD<Dataset> slices) {
        return new RowPasses() {
            @Override
            public <S extends NewtonSums<S>> S sum(S empty) {
                return slices.treeAggregate(empty, NewtonSums::add, NewtonSums::merge);
            }
        };
    }
}
