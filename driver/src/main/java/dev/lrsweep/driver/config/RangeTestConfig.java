package dev.lrsweep.driver.config;

/**
 * The learning-rate range test ({@code bin/sweep find}, and {@code grid.learning_rates: auto}): one run per
 * optimizer and batch size whose rate grows exponentially from {@code from} to {@code to} over at most
 * {@code steps} steps, stopped once the smoothed loss passes {@code stop_factor} times its best. The
 * defaults are fastai's {@code lr_find}: from 1e-7 to 10 in 100 steps, stop at 4×, smoothing 0.98.
 *
 * @param from       the first step's rate
 * @param to         the last step's rate
 * @param steps      the most steps
 * @param stopFactor the multiple of its best smoothed loss that stops the run
 * @param smoothing  the β of the loss's exponential moving average
 */
public record RangeTestConfig(double from, double to, int steps, double stopFactor, double smoothing) {
}
