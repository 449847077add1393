package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent descent for tests: PyTorch's update rules written out on plain arrays, on the mini-batch sequence
 * {@link MiniBatches#shuffle} defines, with gradients derived by hand.
 */
final class ReferenceDescent {

    private ReferenceDescent() {
    }

    /** A hand-derived gradient of the loss on {@code rows} at θ, written into {@code gradient}. */
    @FunctionalInterface
    interface Gradient {
        void of(Dataset rows, double[] theta, double[] gradient);
    }

    /**
     * The parameters after each of {@code steps}, from {@code start} at {@code rate}, in full batches or
     * mini-batches of {@code batchSize} rows shuffled by {@code seed}.
     */
    static List<double[]> states(Dataset data, double[] start, Optimizer optimizer, double rate, int batchSize,
                                 long seed, int[] steps, Gradient gradients) {
        int p = start.length;
        double[] theta = start.clone();
        double[] gradient = new double[p];
        double[] buffer = new double[p];
        double[] second = new double[p];
        List<double[]> states = new ArrayList<>();
        int next = 0;
        int n = data.rows();
        int perEpoch = batchSize == TrialBatch.FULL_BATCH ? 1 : (n + batchSize - 1) / batchSize;
        for (int step = 0; next < steps.length; step++) {
            if (step == steps[next]) {
                states.add(theta.clone());
                next++;
                if (next == steps.length) {
                    break;
                }
            }
            Dataset rows = data;
            if (batchSize != TrialBatch.FULL_BATCH) {
                int[] order = MiniBatches.shuffle(n, seed, step / perEpoch);
                int from = (step % perEpoch) * batchSize;
                int to = Math.min(n, from + batchSize);
                double[] x = new double[(to - from) * data.features()];
                double[] y = new double[to - from];
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < data.features(); j++) {
                        x[(i - from) * data.features() + j] = data.feature(order[i], j);
                    }
                    y[i - from] = data.y()[order[i]];
                }
                rows = new Dataset(to - from, data.features(), x, y);
            }
            gradients.of(rows, theta, gradient);
            int t = step + 1;
            for (int j = 0; j < p; j++) {
                double g = gradient[j];
                switch (optimizer.kind()) {
                    case GD -> theta[j] -= rate * g;
                    case MOMENTUM -> {
                        buffer[j] = t == 1 ? g : optimizer.beta() * buffer[j] + g;
                        theta[j] -= rate * buffer[j];
                    }
                    case NESTEROV -> {
                        buffer[j] = t == 1 ? g : optimizer.beta() * buffer[j] + g;
                        theta[j] -= rate * (g + optimizer.beta() * buffer[j]);
                    }
                    case ADAM -> {
                        buffer[j] = optimizer.beta() * buffer[j] + (1 - optimizer.beta()) * g;
                        second[j] = optimizer.beta2() * second[j] + (1 - optimizer.beta2()) * g * g;
                        double mHat = buffer[j] / (1 - Math.pow(optimizer.beta(), t));
                        double vHat = second[j] / (1 - Math.pow(optimizer.beta2(), t));
                        theta[j] -= rate * mHat / (Math.sqrt(vHat) + optimizer.epsilon());
                    }
                }
            }
        }
        return states;
    }
}
