package dev.lrsweep.driver.output;

/**
 * The loss of one learning rate's run at every step from 0.
 *
 * @param learningRate   the rate
 * @param status         how the run ended: {@code ok}, {@code diverged} or {@code failed}
 * @param divergedAtStep the step the run diverged, or null
 * @param loss           the loss at steps 0, 1, … (to the largest step count, or the step it diverged)
 * @param reversals      for each of those steps, whether the gradient pointed against the one before
 */
public record LossCurve(double learningRate, String status, Integer divergedAtStep, double[] loss,
                        boolean[] reversals) {
}
