package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.descent.TrialStatus;

/**
 * One learning rate's run in one series: its loss at a bounded set of steps (every step early on, a log-spaced
 * sample, the steps before each step count, and the step it diverged).
 *
 * @param optimizer           its series' optimizer (see {@link Series})
 * @param batchSize           its series' rows per mini-batch, or null for the full batch
 * @param seed                its series' mini-batch seed, or null for the full batch
 * @param schedule            its series' schedule, its label ({@code constant} where a file leaves it out)
 * @param weightDecay         its series' weight decay λ
 * @param learningRate        the rate
 * @param status              how the run ended
 * @param divergedAtStep      the step the run passed the divergence bound or turned non-finite, or null
 * @param roseAboveStartAtStep the first step whose loss was above the loss at step 0, or null
 * @param sharpnessStart      where the fits measure it, λ_max of the Hessian at the start point; else NaN
 * @param steps               the steps on the curve, ascending
 * @param loss                the loss at each of {@code steps}
 * @param reversals           at each of {@code steps}, whether the gradient pointed against the one before
 */
public record LossCurve(String optimizer, Integer batchSize, Integer seed, String schedule, double weightDecay,
                        double learningRate, TrialStatus status, Integer divergedAtStep, Integer roseAboveStartAtStep,
                        double sharpnessStart, int[] steps, double[] loss, boolean[] reversals) {

    /** A constant schedule where a file written before schedules leaves it out. */
    public LossCurve {
        schedule = schedule == null ? "constant" : schedule;
    }

    /** The series the curve belongs to. */
    public Series series() {
        return Series.of(optimizer, batchSize, seed, schedule, weightDecay);
    }
}
