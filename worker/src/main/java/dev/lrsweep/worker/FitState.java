package dev.lrsweep.worker;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The state of one fit after a requested number of steps: one grid cell's result.
 *
 * @param steps   the requested step count
 * @param status  {@code OK}, or {@code DIVERGED} if the fit diverged at or before this step count,
 *                or {@code FAILED}
 * @param loss    the mean squared error of the parameters below (for a diverged fit: the loss at
 *                the step it diverged; NaN for a failed fit)
 * @param weights the weights after {@code steps} steps, or where the fit stopped
 * @param bias    the bias after {@code steps} steps, or where the fit stopped
 */
public record FitState(int steps, TrialStatus status, double loss, double[] weights, double bias)
        implements Serializable {

    /** Copies the weights. */
    public FitState {
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
        return "FitState[steps=" + steps + ", " + status.label() + ", loss=" + loss
                + ", weights=" + Arrays.toString(weights) + ", bias=" + bias + "]";
    }
}
