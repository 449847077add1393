package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.UpdateRule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.io.Serializable;
import java.util.stream.DoubleStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learning-rate range test (Smith 2017, "Cyclical learning rates for training neural networks"; fastai's
 * {@code lr_find}, PyTorch Lightning's learning-rate finder): one run whose rate grows exponentially at every
 * step, from {@code from} at the first step to {@code to} at the last, recording the loss at each step before
 * it is taken, and its exponential moving average (β {@code smoothing}, bias-corrected, as fastai and
 * Lightning smooth it). The run stops early once the smoothed loss exceeds {@code stopFactor} times the
 * lowest it reached, or the loss is not finite: the rate has passed where the loss explodes.
 *
 * @param model      the model
 * @param start      the parameters it starts from
 * @param optimizer  the optimizer
 * @param batchSize  rows per mini-batch, or {@link TrialBatch#FULL_BATCH}
 * @param seed       the mini-batches' seed (0 for a full batch)
 * @param from       the rate of the first step, positive
 * @param to         the rate of the last step, above {@code from}
 * @param steps      the most steps, at least 2
 * @param stopFactor the multiple of the best smoothed loss at which the run stops, above 1
 * @param smoothing  the moving average's β, in [0, 1)
 * @param precision  the arithmetic's precision
 */
public record RangeTest(ModelSpec model, Parameters start, Optimizer optimizer, int batchSize, long seed, double from,
                        double to, int steps, double stopFactor, double smoothing, Precision precision)
        implements Serializable {

    /** Checks the rates, the steps and the factors. */
    public RangeTest {
        if (!(from > 0) || !(to > from) || !Double.isFinite(to) || steps < 2 || !(stopFactor > 1)
                || !(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("a range test from " + from + " to " + to + " in " + steps
                    + " steps, stopping at " + stopFactor + "× its best, smoothing " + smoothing);
        }
    }

    /** The rate of step {@code step}: from·(to/from)^(step/(steps − 1)). */
    public double rateAt(int step) {
        return from * Math.pow(to / from, (double) step / (steps - 1));
    }

    /**
     * Runs the test on {@code data}, with gradients from SameDiff's automatic differentiation, on the fast
     * path's graph of one model; a failure is the caller's (the run has no cells to fail alone).
     */
    public Trace run(FitData data) {
        TrialBatch shape = new TrialBatch(new double[] {from}, new int[] {steps}, model, start, stopFactor, 1, precision,
                optimizer, batchSize, seed, TrialBatch.NO_TWINS);
        Descent descent = Descent.fastPath(data, shape, 1);
        UpdateRule rule = optimizer.rule(start.layout(), 1, precision.dataType(), WeightDecay.NONE);
        INDArray rate = Nd4j.zeros(precision.dataType(), 1, 1);
        // grown as the steps are taken: a test stops when the loss explodes, often long before its last step
        DoubleStream.Builder rates = DoubleStream.builder();
        DoubleStream.Builder losses = DoubleStream.builder();
        DoubleStream.Builder smoothed = DoubleStream.builder();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int step = 0; step < steps; step++) {
            descent.feed(step);
            DescentModels.Evaluation evaluation = descent.models().evaluate();
            double loss = evaluation.losses()[0];
            if (!Double.isFinite(loss)) {
                return Trace.of(rates, losses, smoothed, Trace.NOT_FINITE);
            }
            average = smoothing * average + (1 - smoothing) * loss;
            double smooth = average / (1 - Math.pow(smoothing, step + 1));
            rates.add(rateAt(step));
            losses.add(loss);
            smoothed.add(smooth);
            best = Math.min(best, smooth);
            if (smooth > stopFactor * best) {
                return Trace.of(rates, losses, smoothed, Trace.PASSED_STOP_FACTOR);
            }
            rate.putScalar(0, 0, rateAt(step));
            descent.models().step(rule, rate, evaluation);
        }
        return Trace.of(rates, losses, smoothed, Trace.REACHED_TO);
    }

    /**
     * What a range test recorded: at each step taken, its rate, the loss before the step (on the step's
     * mini-batch), and the smoothed loss.
     *
     * @param rates          the rates, ascending
     * @param losses         the losses
     * @param smoothed       the smoothed losses
     * @param stoppedBecause {@value #REACHED_TO}, {@value #PASSED_STOP_FACTOR} or {@value #NOT_FINITE}
     */
    public record Trace(double[] rates, double[] losses, double[] smoothed, String stoppedBecause)
            implements Serializable {
        public static final String REACHED_TO = "reached the last rate";
        public static final String PASSED_STOP_FACTOR = "the smoothed loss passed the stop factor times its best";
        public static final String NOT_FINITE = "the loss was not finite";

        /** The steps recorded (a non-finite loss is not). */
        static Trace of(DoubleStream.Builder rates, DoubleStream.Builder losses, DoubleStream.Builder smoothed,
                        String stoppedBecause) {
            return new Trace(rates.build().toArray(), losses.build().toArray(), smoothed.build().toArray(),
                    stoppedBecause);
        }
    }
}
