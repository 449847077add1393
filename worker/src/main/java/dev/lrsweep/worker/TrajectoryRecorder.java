package dev.lrsweep.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects one model's losses and requested states as its gradient-descent run proceeds. */
final class TrajectoryRecorder {
    private final double learningRate;
    private final int[] stepCounts;
    private final double[] lossCurve;
    private final boolean[] reversals;
    private final List<FitState> states = new ArrayList<>();
    private int steps;
    private int divergedAtStep = -1;

    TrajectoryRecorder(double learningRate, int[] stepCounts) {
        this.learningRate = learningRate;
        this.stepCounts = stepCounts;
        this.lossCurve = new double[stepCounts[stepCounts.length - 1] + 1];
        this.reversals = new boolean[lossCurve.length];
    }

    boolean running() {
        return divergedAtStep < 0;
    }

    /**
     * Records the loss at the step after the last one recorded, and whether the gradient there
     * points against the one a step before.
     */
    void recordStep(double loss, boolean reversed) {
        reversals[steps] = reversed;
        lossCurve[steps++] = loss;
    }

    /** Records the state at a requested step count. */
    void recordState(int step, double loss, double[] weights, double bias) {
        states.add(new FitState(step, TrialStatus.OK, loss, weights, bias));
    }

    /** Stops the run at {@code step}: every requested step count from here on reports this state as diverged. */
    void diverge(int step, double loss, double[] weights, double bias) {
        divergedAtStep = step;
        for (int stepCount : stepCounts) {
            if (stepCount >= step) {
                states.add(new FitState(stepCount, TrialStatus.DIVERGED, loss, weights, bias));
            }
        }
    }

    Trajectory finish() {
        TrialStatus status = running() ? TrialStatus.OK : TrialStatus.DIVERGED;
        return new Trajectory(learningRate, status, divergedAtStep, null, Arrays.copyOf(lossCurve, steps),
                Arrays.copyOf(reversals, steps), states);
    }
}
