package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.ArrayRecords;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One learning rate's gradient-descent run, with the state at every requested step count.
 *
 * @param learningRate   the rate
 * @param status         {@code OK} if the run reached the largest step count, else how it stopped
 * @param divergedAtStep the step whose loss crossed the divergence bound or was not finite, or -1
 * @param firstRiseStep  the first step whose loss was above the loss at step 0, or -1 (every step
 *                       counts, kept on the curve or not)
 * @param sharpnessStart λ_max of the loss's Hessian at the start point, where the family measures it; else NaN
 * @param failure        the exception message of a failed run, or null
 * @param curveSteps     the steps whose loss is on the curve, ascending: every step early on, then a
 *                       bounded sample, the steps before each requested step count, and the step it
 *                       diverged (see {@code KeptSteps}; empty for a failed run)
 * @param lossCurve      the loss at each of {@code curveSteps}
 * @param reversals      at each of {@code curveSteps}, whether the gradient there points against the
 *                       gradient one step before (negative dot product), i.e. the run turned back;
 *                       false at step 0
 * @param states         one state per requested step count, in increasing order
 */
public record Trajectory(double learningRate, TrialStatus status, int divergedAtStep, int firstRiseStep,
                         double sharpnessStart, String failure, int[] curveSteps, double[] lossCurve, boolean[] reversals,
                         List<FitState> states) implements Serializable {

    /** Checks that the curves match; copies them and the states. */
    public Trajectory {
        if (reversals.length != lossCurve.length || curveSteps.length != lossCurve.length) {
            throw new IllegalArgumentException("the curve has " + curveSteps.length + " steps, " + lossCurve.length
                    + " losses and " + reversals.length + " reversal flags");
        }
        curveSteps = curveSteps.clone();
        lossCurve = lossCurve.clone();
        reversals = reversals.clone();
        states = List.copyOf(states);
    }

    /** A run that threw: every requested step count is {@code FAILED} with the exception's message. */
    static Trajectory failed(double learningRate, int[] stepCounts, Layout layout, Exception cause) {
        Parameters none = Parameters.filled(layout, Double.NaN);
        List<FitState> states = Arrays.stream(stepCounts)
                .mapToObj(s -> new FitState(s, TrialStatus.FAILED, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, none, Double.NaN))
                .toList();
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return new Trajectory(learningRate, TrialStatus.FAILED, -1, -1, Double.NaN, message, new int[0], new double[0],
                new boolean[0], states);
    }

    /**
     * The same run with each state's sensitivity measured against its twin's loss at the same step count, or the
     * largest at an earlier step count where that is larger.
     */
    Trajectory withTwinLosses(double[] twinLosses) {
        List<FitState> measured = new ArrayList<>();
        double earlier = 0;
        for (int i = 0; i < states.size(); i++) {
            // a run that diverged has nothing to measure; its twin may have stopped with it
            FitState state = states.get(i);
            FitState twinned = state.status() == TrialStatus.OK ? state.withTwinLoss(twinLosses[i], earlier) : state;
            earlier = state.status() == TrialStatus.OK ? twinned.sensitivity() : earlier;
            measured.add(twinned);
        }
        return new Trajectory(learningRate, status, divergedAtStep, firstRiseStep, sharpnessStart, failure,
                curveSteps, lossCurve, reversals, measured);
    }

    @Override
    public int[] curveSteps() {
        return curveSteps.clone();
    }

    @Override
    public double[] lossCurve() {
        return lossCurve.clone();
    }

    @Override
    public boolean[] reversals() {
        return reversals.clone();
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
        return "Trajectory[lr=" + learningRate + ", " + status.label() + ", states=" + states + "]";
    }
}
