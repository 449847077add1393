package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeTestResultTest {

    /** fastai's {@code valley} as fastai writes it (lr_finder.py): every pair of steps compared. */
    private static double fastaiValley(double[] rates, double[] losses) {
        int n = losses.length;
        int[] lengths = new int[n];
        Arrays.fill(lengths, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (losses[i] < losses[j] && lengths[i] < lengths[j] + 1) {
                    lengths[i] = lengths[j] + 1;
                }
                if (lengths[maxEnd] < lengths[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lengths[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int index = maxStart + (int) sections + (int) (sections / 2);
        return rates[Math.min(n - 1, Math.max(0, index))];
    }

    /** Noisy range-test-like curves (a fall, a floor, a rise), ties, constants and short ones: the same rate as fastai's. */
    @Test
    void theValleyIsFastaisOnCurvesOfEveryShape() {
        Random random = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(300);
            double[] rates = new double[n];
            double[] losses = new double[n];
            double noise = random.nextInt(3) * 0.05;
            boolean ties = random.nextBoolean();
            for (int i = 0; i < n; i++) {
                rates[i] = 1e-6 * Math.pow(1e7, i / (double) Math.max(1, n - 1));
                double x = i / (double) n;
                double loss = 1 - Math.sin(Math.PI * x) * 0.8 + noise * random.nextGaussian();
                losses[i] = ties ? Math.round(loss * 20) / 20.0 : loss;
            }
            assertThat(RangeTestResult.valley(rates, losses)).as("trial %d, %d steps", trial, n)
                    .isEqualTo(fastaiValley(rates, losses));
        }
    }

    /** A range test of a million steps: fastai's pairwise search would take hours; this one takes well under a second. */
    @Test
    void theValleyOfAMillionStepsIsFound() {
        int n = 1_000_000;
        double[] rates = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            rates[i] = 1e-7 * Math.pow(1e8, i / (double) (n - 1));
            losses[i] = Math.abs(i - 700_000) / 700_000.0;
        }

        double valley = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> RangeTestResult.valley(rates, losses));

        // the longest fall runs over steps 0 … 700,000; the suggestion is half of it past the start
        assertThat(valley).isEqualTo(rates[-1 + 233_333 + 116_666]);
    }
}
