package dev.lrsweep.driver.output;

/**
 * The result of one grid cell: a row of {@code results.csv}.
 *
 * @param learningRate   the cell's rate
 * @param steps          the cell's step count
 * @param status         {@code ok}, {@code diverged} or {@code failed}
 * @param finalLoss      the mean squared error after {@code steps} steps (for a diverged cell, at the
 *                       step it diverged; NaN for a failed cell)
 * @param bias           the fitted bias
 * @param weights        the fitted weights w0 … w{d-1}
 * @param divergedAtStep the step at which the loss left the divergence bound, or null
 * @param message        why the cell failed, or null
 */
public record CellResult(double learningRate, int steps, String status, double finalLoss, double bias,
                         double[] weights, Integer divergedAtStep, String message) {
}
