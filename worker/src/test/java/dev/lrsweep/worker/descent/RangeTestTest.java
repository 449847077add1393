package dev.lrsweep.worker.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import org.junit.jupiter.api.Test;

/** The range test against gradient descent at a growing rate written out on arrays. */
class RangeTestTest {

    @Test
    void eachStepTakesItsExponentialRateAndTheRunStopsWhereTheLossExplodes() {
        Dataset data = TestData.lesson();
        Parameters start = TestData.start(new double[] {0}, -1);
        RangeTest test = new RangeTest(ModelSpec.linear(), start, Optimizer.momentum(0.9), TrialBatch.FULL_BATCH, 0,
                1e-4, 100, 200, 4, 0.98, Precision.FLOAT64);
        RangeTest.Trace trace = test.run(data);

        assertEquals(RangeTest.Trace.PASSED_STOP_FACTOR, trace.stoppedBecause());
        assertTrue(trace.rates().length < 200, "stopped early");
        assertEquals(1e-4, trace.rates()[0], 1e-18);
        assertEquals(1e-4 * Math.pow(1e6, 10.0 / 199), trace.rates()[10], 1e-15);
        // the same run by hand: PyTorch's momentum at rate rateAt(step), the loss before each step
        ReferenceNetwork reference = new ReferenceNetwork(data, new int[0], null, ModelSpec.Loss.MSE);
        double[] theta = start.values();
        double[] gradient = new double[2];
        double[] buffer = new double[2];
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int step = 0; step < trace.rates().length; step++) {
            double loss = reference.lossAndGradient(theta, gradient);
            assertEquals(loss, trace.losses()[step], 1e-9 * Math.max(1, loss), "loss at step " + step);
            average = 0.98 * average + 0.02 * loss;
            double smoothed = average / (1 - Math.pow(0.98, step + 1));
            assertEquals(smoothed, trace.smoothed()[step], 1e-9 * Math.max(1, smoothed));
            best = Math.min(best, smoothed);
            // it ran on until the smoothed loss passed 4× its best, and no further
            assertEquals(step == trace.rates().length - 1, smoothed > 4 * best, "stop at step " + step);
            for (int j = 0; j < 2; j++) {
                buffer[j] = 0.9 * buffer[j] + gradient[j];
                theta[j] -= test.rateAt(step) * buffer[j];
            }
        }
    }

    @Test
    void aRunThatNeverExplodesReachesTheLastRate() {
        RangeTest.Trace trace = new RangeTest(ModelSpec.linear(), TestData.start(new double[] {0}, -1),
                Optimizer.gd(), 10, 3, 1e-5, 1e-2, 50, 4, 0.98, Precision.FLOAT64).run(TestData.lesson());
        assertEquals(RangeTest.Trace.REACHED_TO, trace.stoppedBecause());
        assertEquals(50, trace.rates().length);
        assertEquals(1e-2, trace.rates()[49], 1e-15);
    }
}
