package dev.lrsweep.worker;

import java.io.Serializable;

/**
 * What a batch is fitted on: the rows themselves ({@link Dataset}), or, for a linear model, whose loss
 * depends on the data only through them, the rows' {@link Moments}.
 */
public sealed interface FitData extends Serializable permits Dataset, Moments {

    /** The number of features d. */
    int features();

    /** The rows, for a family whose loss needs them. */
    default Dataset asRows() {
        if (this instanceof Dataset rows) {
            return rows;
        }
        throw new IllegalArgumentException("a model that reads its rows cannot be fitted on their moments");
    }
}
