package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.ModelSpec;
import java.io.Serializable;

/**
 * What each slice of rows held elsewhere is asked for at one point of a descent: the sums over its rows,
 * at the k models' parameters, of their losses and gradients, or of their rows classified right.
 *
 * @param model      the models' family and form
 * @param features   the number of features d
 * @param models     k
 * @param precision  the precision of the arithmetic
 * @param parameters the p×k parameter matrix, row-major
 * @param sum        what to sum
 */
public record SliceRequest(ModelSpec model, int features, int models, Precision precision, double[] parameters,
                           Sum sum) implements Serializable {

    /** What a slice sums. */
    public enum Sum {
        /** The per-model losses and gradients. */
        GRADIENTS,
        /** The per-model count of rows classified right. */
        CORRECT
    }
}
