package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;

/**
 * Passes of theory's sums over the rows wherever they are: the driver's memory, or slices cached on the
 * executors (see {@code spark.SlicedTheory}).
 */
public interface RowPasses {

    /** {@code empty} with every row added. */
    <S extends NewtonSums<S>> S sum(S empty);

    /** Passes over rows the driver holds. */
    static RowPasses of(Dataset rows) {
        return new RowPasses() {
            @Override
            public <S extends NewtonSums<S>> S sum(S empty) {
                return empty.add(rows);
            }
        };
    }
}
