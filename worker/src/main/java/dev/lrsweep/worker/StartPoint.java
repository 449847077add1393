package dev.lrsweep.worker;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The parameters every fit starts from.
 *
 * @param weights one weight per feature
 * @param bias    the intercept
 */
public record StartPoint(double[] weights, double bias) implements Serializable {

    /** Validates that every value is finite; copies the weights. */
    public StartPoint {
        if (weights.length == 0) {
            throw new IllegalArgumentException("start point has no weights");
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("start weight " + w + " is not finite");
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("start bias " + bias + " is not finite");
        }
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return ArrayRecords.equal(this, o);
    }

    @Override
    public int hashCode() {
        return ArrayRecords.hash(this);
    }

    @Override
    public String toString() {
        return "StartPoint[weights=" + Arrays.toString(weights) + ", bias=" + bias + "]";
    }
}
