package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.descent.TrialStatus;

/**
 * The result of one grid cell: a row of {@code results.csv}.
 *
 * @param optimizer      its series' optimizer (see {@link Series})
 * @param batchSize      its series' rows per mini-batch, or null for the full batch
 * @param seed           its series' mini-batch seed, or null for the full batch
 * @param schedule       its series' schedule, its label ({@code constant} where a file leaves it out)
 * @param weightDecay    its series' weight decay λ
 * @param learningRate   the cell's rate
 * @param steps          the cell's step count
 * @param status         how the fit ended
 * @param regime         what happened (see {@code RegimeRules})
 * @param finalLoss      the loss after {@code steps} steps (for a fit that hit the divergence bound, at
 *                       that step; NaN for a failed cell)
 * @param excessLoss     {@code finalLoss} minus theory's floor
 * @param accuracy       for a classifier, the share of rows classified as labelled; else NaN
 * @param sharpness      where the fits measure it, λ_max of the Hessian after {@code steps} steps; else NaN
 * @param validationLoss where rows are held out, the loss on them after {@code steps} steps (unless diverged);
 *                       else NaN
 * @param validationAccuracy for a classifier with held-out rows, its accuracy on them; else NaN
 * @param parameterDistance where the exact optimum θ* is known, ‖θ − θ*‖/‖θ*‖ of the fitted parameters; else NaN
 * @param parameters     the fitted parameters, in the order of the record's layout
 * @param parametersOriginal for a sweep on standardised features, the same model in the data's own units;
 *                       else null
 * @param divergedAtStep for a diverged cell, the first step whose loss rose above the start loss,
 *                       passed the divergence bound or was not finite; else null
 * @param divergedBecause for a diverged cell, which of those came first; else null
 * @param spike          for a cell that did not diverge but whose loss rose above its start on the way, the rise;
 *                       else null
 * @param unstableRange  for an unstable cell, the range its loss wandered in; else null
 * @param sensitivity    where its rate ran a twin from its state 100 steps before (or the start) moved by a
 *                       rounding-sized offset, the twin's relative loss difference at this step count; else NaN
 * @param chaotic        whether {@code sensitivity} passed the precision's threshold: the loss's digits past the
 *                       first few depend on rounding (on the order of summation, the machine, the mode)
 * @param message        why the cell failed, or null
 */
public record CellResult(String optimizer, Integer batchSize, Integer seed, String schedule, double weightDecay,
                         double learningRate, int steps, TrialStatus status, Regime regime, double finalLoss,
                         double excessLoss, double accuracy, double sharpness,
                         double validationLoss, double validationAccuracy, double parameterDistance, double[] parameters,
                         double[] parametersOriginal,
                         Integer divergedAtStep, DivergenceCause divergedBecause, Spike spike,
                         LossRange unstableRange, double sensitivity, boolean chaotic, String message) {

    /** A constant schedule where a file written before schedules leaves it out. */
    public CellResult {
        schedule = schedule == null ? "constant" : schedule;
    }

    /** The series the cell belongs to. */
    public Series series() {
        return Series.of(optimizer, batchSize, seed, schedule, weightDecay);
    }

    /**
     * The loss as far as its digits mean something: in full, or for a chaotic cell its first significant digit,
     * e.g. {@code ≈ 0.8}.
     */
    public String lossText() {
        return chaotic ? SweepAnalysis.roughly(finalLoss) : String.format(java.util.Locale.ROOT, "%.8g", finalLoss);
    }

    /**
     * What else there is to know of the cell, in words, or an empty string: why it failed or diverged, its spike,
     * an unstable run's range, and whether its digits are rounding's.
     */
    public String notes() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (message != null) {
            notes.add(message);
        }
        if (divergedBecause != null) {
            notes.add(divergedBecause.atStep(divergedAtStep));
        }
        if (spike != null) {
            notes.add(spike.words());
        }
        if (unstableRange != null) {
            notes.add(unstableRange.words());
        }
        if (chaotic) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "chaotic: the digits past the first depend on rounding (a twin a rounding-sized offset away "
                            + "100 steps before ends %.2g apart)", sensitivity));
        }
        return String.join("; ", notes);
    }

    /** The parameters in the data's own units: the fitted ones, or for standardised features their original-unit twin. */
    public double[] parametersInDataUnits() {
        return parametersOriginal != null ? parametersOriginal : parameters;
    }
}
