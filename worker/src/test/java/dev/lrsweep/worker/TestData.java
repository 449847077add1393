package dev.lrsweep.worker;

import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.LinearModel;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Random;

/** Seeded linear datasets for tests: x uniform in [-1, 1], y = x·w + bias + N(0, noise²). */
public final class TestData {
    private TestData() {
    }

    public static Dataset linear(int rows, double[] weights, double bias, double noise, long seed) {
        Random random = new Random(seed);
        int d = weights.length;
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double target = bias;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 2 * random.nextDouble() - 1;
                target += weights[j] * x[i * d + j];
            }
            y[i] = target + noise * random.nextGaussian();
        }
        return new Dataset(rows, d, x, y);
    }

    /** The classic lesson's data: 100 points around y = 0.1·x + 0.5. */
    public static Dataset lesson() {
        return linear(100, new double[] {0.1}, 0.5, 0.05, 42);
    }

    public static TrialBatch batch(int[] steps, double... rates) {
        return linearBatch(rates, steps, start(new double[] {0.0}, -1.0), Precision.FLOAT64);
    }

    /** A linear or logistic model's parameters. */
    public static Parameters start(double[] weights, double bias) {
        double[] values = java.util.Arrays.copyOf(weights, weights.length + 1);
        values[weights.length] = bias;
        return new Parameters(LinearModel.weightsAndBias(weights.length), values);
    }

    public static TrialBatch linearBatch(double[] rates, int[] steps, Parameters start, Precision precision) {
        return new TrialBatch(rates, steps, ModelSpec.linear(), start, 1e6, 10, precision);
    }

    public static double[] weights(FitState state) {
        return (double[]) state.parameters().toTree().get("weights");
    }

    public static double bias(FitState state) {
        return (double) state.parameters().toTree().get("bias");
    }
}
