package dev.lrsweep.worker.descent;

/**
 * Rows held elsewhere in slices (a table partitioned on Spark's executors): each request is answered by
 * every slice ({@link SliceEvaluator#sums}) and the sums are added up.
 */
@FunctionalInterface
public interface RowSums {
    /** The request's sums over all the rows. */
    SliceSums sum(SliceRequest request);
}
