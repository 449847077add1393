package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects one model's run as it proceeds: the loss and reversal flag at the {@link KeptSteps}
 * (and at the step it diverged), the first step whose loss rose above the start loss, and the
 * state at every requested step count. Its memory is bounded by the kept steps, not the step count.
 */
public final class TrajectoryRecorder {
    private final double learningRate;
    private final int[] stepCounts;
    private final int[] keptSteps;
    private final int[] curveSteps;
    private final double[] losses;
    private final boolean[] reversals;
    private final List<FitState> states = new ArrayList<>();
    private int kept;
    private int nextStep;
    private double startLoss;
    private boolean lastReversed;
    private int firstRiseStep = -1;
    private int divergedAtStep = -1;
    private double sharpnessStart = Double.NaN;

    TrajectoryRecorder(double learningRate, int[] stepCounts, int[] keptSteps) {
        this.learningRate = learningRate;
        this.stepCounts = stepCounts;
        this.keptSteps = keptSteps;
        // one more than the kept steps: the step it diverged at, kept or not
        this.curveSteps = new int[keptSteps.length + 1];
        this.losses = new double[keptSteps.length + 1];
        this.reversals = new boolean[keptSteps.length + 1];
    }

    boolean running() {
        return divergedAtStep < 0;
    }

    /**
     * Takes the loss at the step after the last one taken, and whether the gradient there points
     * against the one a step before; keeps them if the step is a kept one.
     */
    void recordStep(double loss, boolean reversed) {
        int step = nextStep++;
        lastReversed = reversed;
        if (step == 0) {
            startLoss = loss;
        } else if (firstRiseStep < 0 && loss > startLoss) {
            firstRiseStep = step;
        }
        if (kept < keptSteps.length && keptSteps[kept] == step) {
            keep(step, loss, reversed);
        }
    }

    private void keep(int step, double loss, boolean reversed) {
        curveSteps[kept] = step;
        losses[kept] = loss;
        reversals[kept++] = reversed;
    }

    /** Records the sharpness at the start point. */
    void recordSharpnessStart(double sharpness) {
        sharpnessStart = sharpness;
    }

    /** Records the state at a requested step count. */
    void recordState(int step, double loss, double accuracy, double sharpness, double validationLoss,
                     double validationAccuracy, Parameters parameters) {
        states.add(new FitState(step, TrialStatus.OK, loss, accuracy, sharpness, validationLoss, validationAccuracy,
                parameters, Double.NaN));
    }

    /** Stops the run at {@code step}: every requested step count from here on reports this state as diverged. */
    void diverge(int step, double loss, double accuracy, Parameters parameters) {
        divergedAtStep = step;
        if (kept == 0 || curveSteps[kept - 1] != step) {
            keep(step, loss, lastReversed);
        }
        for (int stepCount : stepCounts) {
            if (stepCount >= step) {
                states.add(new FitState(stepCount, TrialStatus.DIVERGED, loss, accuracy, Double.NaN, Double.NaN,
                        Double.NaN, parameters, Double.NaN));
            }
        }
    }

    Trajectory finish() {
        TrialStatus status = running() ? TrialStatus.OK : TrialStatus.DIVERGED;
        return new Trajectory(learningRate, status, divergedAtStep, firstRiseStep, sharpnessStart, null, Arrays.copyOf(curveSteps, kept),
                Arrays.copyOf(losses, kept), Arrays.copyOf(reversals, kept), states);
    }
}
