package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.ReferenceSchedules;
import dev.lrsweep.worker.optimizer.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

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
     * The largest eigenvalue of the Hessian at θ whose columns are central differences, {@code h} apart, of a
     * hand-derived {@code gradient} (θ, into its second argument), made symmetric.
     */
    static double largestHessianEigenvalue(double[] theta, double h, BiConsumer<double[], double[]> gradient) {
        int p = theta.length;
        double[][] hessian = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double[] gUp = new double[p];
            double[] gDown = new double[p];
            gradient.accept(up, gUp);
            gradient.accept(down, gDown);
            for (int l = 0; l < p; l++) {
                hessian[l][j] = (gUp[l] - gDown[l]) / (2 * h);
            }
        }
        double[][] symmetric = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                symmetric[j][l] = (hessian[j][l] + hessian[l][j]) / 2;
            }
        }
        return largestEigenvalue(symmetric);
    }

    /** The largest eigenvalue of a symmetric matrix. */
    static double largestEigenvalue(double[][] symmetric) {
        return Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(symmetric)).getRealEigenvalues())
                .max().orElseThrow();
    }

    /**
     * The parameters after each of {@code steps}, from {@code start} at {@code rate}, in full batches or
     * mini-batches of {@code batchSize} rows shuffled by {@code seed}.
     */
    static List<double[]> states(Dataset data, double[] start, Optimizer optimizer, double rate, int batchSize,
                                 long seed, int[] steps, Gradient gradients) {
        return states(data, start, optimizer, rate, Schedule.CONSTANT, new double[start.length], batchSize, seed,
                steps, gradients);
    }

    /**
     * {@link #states} with the rate of each step from PyTorch's closed form of {@code schedule} over a budget of the
     * last step count ({@link ReferenceSchedules}), and each parameter's weight decay {@code decay}: coupled
     * (g + λ·θ) but for AdamW, decoupled (θ·(1 − lr·λ) before the step) for AdamW.
     */
    static List<double[]> states(Dataset data, double[] start, Optimizer optimizer, double peak, Schedule schedule,
                                 double[] decay, int batchSize, long seed, int[] steps, Gradient gradients) {
        int p = start.length;
        int budget = steps[steps.length - 1];
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
            double rate = ReferenceSchedules.rate(schedule, peak, budget, step);
            for (int j = 0; j < p; j++) {
                double g = gradient[j];
                if (optimizer.kind() == Optimizer.Kind.ADAMW) {
                    theta[j] *= 1 - rate * decay[j];
                } else {
                    g += decay[j] * theta[j];
                }
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
                    case ADAM, ADAMW -> {
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
