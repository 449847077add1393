package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.io.Serializable;

/**
 * The state of one fit after a requested number of steps: one grid cell's result.
 *
 * @param steps      the requested step count
 * @param status     {@code OK}, or {@code DIVERGED} if the fit diverged at or before this step count,
 *                   or {@code FAILED}
 * @param loss       the loss of the parameters below (for a diverged fit: the loss at the step it
 *                   diverged; NaN for a failed fit)
 * @param accuracy   for a classifier, the share of rows classified as labelled; else NaN
 * @param sharpness  λ_max of the loss's Hessian at the parameters below, where the family measures it
 *                   (see {@link ModelSpec#measuresSharpness()}) and the fit has not diverged; else NaN
 * @param validationLoss     the loss of the parameters below on the held-out validation rows, where there are
 *                           some and the fit has not diverged; else NaN
 * @param validationAccuracy for a classifier, its accuracy on the validation rows, likewise; else NaN
 * @param parameters the parameters after {@code steps} steps, or where the fit stopped
 * @param sensitivity where the rate ran a twin from its perturbed state (see {@link TrialBatch#twinsFrom()}),
 *                    |L_twin − L| / |L| at this step count, or the largest at an earlier one where that is larger:
 *                    how far rounding-sized differences have grown (+∞ where the twin diverged and the run did
 *                    not); else NaN
 */
public record FitState(int steps, TrialStatus status, double loss, double accuracy, double sharpness,
                       double validationLoss, double validationAccuracy, Parameters parameters, double sensitivity)
        implements Serializable {

    /**
     * The same state with its twin's loss: the sensitivity measured against the state's own loss, or {@code earlier}
     * where that is larger.
     *
     * @param earlier the sensitivity at the run's earlier step counts (0 for none): a run whose digits depended on
     *                rounding at an earlier step count carries that on, even where its twin, started again from the
     *                run's own state before this step count, stays close (a twin's window sees only its own steps)
     */
    FitState withTwinLoss(double twinLoss, double earlier) {
        double difference = Math.abs(twinLoss - loss);
        double measured = Double.isFinite(twinLoss) ? difference / Math.max(Math.abs(loss), Double.MIN_NORMAL)
                : Double.POSITIVE_INFINITY;
        double sensitivity = Math.max(measured, earlier);
        return new FitState(steps, status, loss, accuracy, this.sharpness, validationLoss, validationAccuracy,
                parameters, sensitivity);
    }

    @Override
    public String toString() {
        return "FitState[steps=" + steps + ", " + status.label() + ", loss=" + loss
                + (Double.isNaN(accuracy) ? "" : ", accuracy=" + accuracy)
                + (Double.isNaN(sharpness) ? "" : ", sharpness=" + sharpness)
                + (Double.isNaN(validationLoss) ? "" : ", validation loss=" + validationLoss)
                + (Double.isNaN(validationAccuracy) ? "" : ", validation accuracy=" + validationAccuracy)
                + (Double.isNaN(sensitivity) ? "" : ", sensitivity=" + sensitivity)
                + ", " + parameters + "]";
    }
}
