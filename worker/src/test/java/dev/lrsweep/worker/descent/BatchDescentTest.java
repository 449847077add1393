package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.optimizer.Schedule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class BatchDescentTest {

    @Test
    void goodRateReachesTheExactLeastSquaresSolution() {
        double[] trueWeights = {0.3, -0.7, 1.1};
        Dataset data = TestData.linear(200, trueWeights, 0.5, 0.1, 7);
        TrialBatch batch = TestData.linearBatch(new double[] {0.5}, new int[] {2000}, TestData.start(new double[3], -1.0), Precision.FLOAT64);

        FitState fitted = BatchDescent.fit(data, batch).get(0).states().get(0);

        double[] exact = exactLeastSquares(data); // [bias, w0, w1, w2]
        assertThat(fitted.status()).isEqualTo(TrialStatus.OK);
        assertThat(TestData.bias(fitted)).isCloseTo(exact[0], within(1e-3));
        for (int j = 0; j < 3; j++) {
            assertThat(TestData.weights(fitted)[j]).as("w%d", j).isCloseTo(exact[j + 1], within(1e-3));
        }
    }

    @Test
    void stateAtAStepCountOfALongRunEqualsAFreshFitOfThatManySteps() {
        Dataset data = TestData.lesson();
        Trajectory longRun = BatchDescent.fit(data, TestData.batch(new int[] {10, 50, 200}, 0.3)).get(0);
        Trajectory fresh = BatchDescent.fit(data, TestData.batch(new int[] {50}, 0.3)).get(0);

        assertThat(longRun.states().get(1)).isEqualTo(fresh.states().get(0));
        assertThat(longRun.states()).extracting(FitState::steps).containsExactly(10, 50, 200);
    }

    @Test
    void lossCurveStartsAtTheStartPointAndHoldsEveryStep() {
        Dataset data = TestData.lesson();
        Trajectory run = BatchDescent.fit(data, TestData.batch(new int[] {5, 20}, 0.1)).get(0);

        double startLoss = 0;
        for (double label : data.y()) {
            startLoss += (label + 1.0) * (label + 1.0) / data.rows(); // w = 0, b = -1
        }
        assertThat(run.lossCurve()).hasSize(21);
        assertThat(run.lossCurve()[0]).isCloseTo(startLoss, within(1e-12));
        assertThat(run.lossCurve()[20]).isEqualTo(run.states().get(1).loss());
    }

    @Test
    void tinyRateLeavesTheLossWithinFivePercentOfItsStartAfterTenSteps() {
        Trajectory run = BatchDescent.fit(TestData.lesson(), TestData.batch(new int[] {10}, 1e-4)).get(0);

        double start = run.lossCurve()[0];
        assertThat(run.states().get(0).status()).isEqualTo(TrialStatus.OK);
        assertThat(run.states().get(0).loss()).isLessThan(start).isGreaterThan(0.95 * start);
    }

    @Test
    void rateTenDivergesAndIsFrozenWhereItDiverged() {
        Trajectory run = BatchDescent.fit(TestData.lesson(), TestData.batch(new int[] {10, 100}, 10.0)).get(0);

        assertThat(run.status()).isEqualTo(TrialStatus.DIVERGED);
        assertThat(run.divergedAtStep()).isBetween(1, 10);
        assertThat(run.lossCurve()).hasSize(run.divergedAtStep() + 1);
        assertThat(run.states()).extracting(FitState::status).containsOnly(TrialStatus.DIVERGED);
        assertThat(run.states().get(0).loss()).isEqualTo(run.states().get(1).loss())
                .isGreaterThan(1e6 * run.lossCurve()[0]);
    }

    @Test
    void aDivergingModelDoesNotDisturbTheOthersInItsBatch() {
        Dataset data = TestData.lesson();
        int[] steps = {10, 100};
        List<Trajectory> withDiverging = BatchDescent.fit(data, TestData.batch(steps, 0.1, 10.0, 0.5));
        List<Trajectory> allStable = BatchDescent.fit(data, TestData.batch(steps, 0.1, 0.3, 0.5));

        assertThat(withDiverging.get(1).status()).isEqualTo(TrialStatus.DIVERGED);
        assertThat(withDiverging.get(0)).isEqualTo(allStable.get(0));
        assertThat(withDiverging.get(2)).isEqualTo(allStable.get(2));
    }

    @Test
    void theSameBatchGivesTheSameNumbersToTheLastDigit() {
        Dataset data = TestData.linear(100, new double[] {0.4, -0.2}, 0.5, 0.05, 3);
        TrialBatch batch = TestData.linearBatch(new double[] {0.001, 0.1, 0.7, 1.5}, new int[] {20, 200}, TestData.start(new double[2], -1.0), Precision.FLOAT64);

        assertThat(BatchDescent.fit(data, batch)).isEqualTo(BatchDescent.fit(data, batch));
    }

    /**
     * A rate's numbers depend on the width of its batch only in the last bits: BLAS picks other
     * kernels for other matrix shapes. This is why the driver derives batches from the config alone.
     */
    @Test
    void aRateGivesTheSameNumbersWithinRoundingWhateverBatchItIsIn() {
        Dataset data = TestData.linear(100, new double[] {0.4, -0.2}, 0.5, 0.05, 3);
        TrialBatch wide = TestData.linearBatch(new double[] {0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0},
                new int[] {20, 200}, TestData.start(new double[2], -1.0), Precision.FLOAT64);

        List<Trajectory> together = BatchDescent.fit(data, wide);

        for (int i = 0; i < together.size(); i++) {
            double rate = wide.learningRates()[i];
            Trajectory alone = BatchDescent.fit(data, wide.withLearningRates(rate)).get(0);
            for (int s = 0; s < 2; s++) {
                FitState a = alone.states().get(s);
                FitState b = together.get(i).states().get(s);
                assertThat(a.loss()).as("rate %s", rate).isCloseTo(b.loss(), within(1e-12 * b.loss()));
                assertThat(TestData.bias(a)).as("rate %s", rate).isCloseTo(TestData.bias(b), within(1e-12));
                assertThat(TestData.weights(a)[0]).as("rate %s", rate).isCloseTo(TestData.weights(b)[0], within(1e-12));
                assertThat(TestData.weights(a)[1]).as("rate %s", rate).isCloseTo(TestData.weights(b)[1], within(1e-12));
            }
        }
    }

    @Test
    void aFitThatThrowsIsFailedWithItsMessage() {
        Dataset twoFeatures = TestData.linear(20, new double[] {1, 2}, 0, 0, 1);
        List<Trajectory> runs = BatchDescent.fit(twoFeatures, TestData.batch(new int[] {10, 20}, 0.1, 0.2));

        assertThat(runs).hasSize(2).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(TrialStatus.FAILED);
            assertThat(run.failure()).contains("the start point holds [weights[1], bias[]] but linear (mse) on 2 features needs [weights[2], bias[]]");
            assertThat(run.states()).extracting(FitState::status).containsOnly(TrialStatus.FAILED);
        });
    }

    @Test
    void aRateThatFailsEveryTimeIsFailedAloneAndTheRestOfItsBatchIsUntouched() {
        Dataset data = TestData.lesson();
        int[] steps = {10, 50};
        List<Trajectory> clean = BatchDescent.fit(data, TestData.batch(steps, 0.01, 0.1, 0.5));

        List<Trajectory> faulty = BatchDescent.fit(data, null, TestData.batch(steps, 0.01, 0.1, 0.5), r -> r == 0.1,
                modelSteps -> { });

        assertThat(faulty.get(1).status()).isEqualTo(TrialStatus.FAILED);
        assertThat(faulty.get(1).failure()).isEqualTo("injected fault for learning rate 0.1");
        assertThat(faulty.get(0).states()).extracting(FitState::status).containsOnly(TrialStatus.OK);
        assertThat(faulty.get(0).states().get(1).loss())
                .isCloseTo(clean.get(0).states().get(1).loss(), within(1e-12 * clean.get(0).states().get(1).loss()));
    }

    /**
     * The fast path (all rates in one graph of the data's moments, one trajectory per rate) agrees
     * with the naive reference (every cell its own fit on the textbook graph) within 1e-6 relative,
     * or 1e-9 absolute near zero, and reports divergence at the same step.
     */
    @Test
    void theFastPathAgreesWithTheNaiveReferenceOnEveryCell() {
        int[] steps = {10, 50, 100, 200};
        double[] rates = {1e-3, 0.01, 0.1, 0.5, 0.9, 1.2, 3, 10};
        for (Dataset data : List.of(TestData.lesson(), TestData.linear(80, new double[] {0.3, -0.7, 1.1}, 0.5, 0.1, 5))) {
            TrialBatch batch = TestData.linearBatch(rates, steps, TestData.start(new double[data.features()], -1.0), Precision.FLOAT64);

            List<Trajectory> fast = BatchDescent.fit(data, batch);
            List<Trajectory> naive = BatchDescent.fitEachCell(data, null, batch);

            for (int r = 0; r < rates.length; r++) {
                assertThat(fast.get(r).divergedAtStep()).as("rate %s", rates[r]).isEqualTo(naive.get(r).divergedAtStep());
                for (int s = 0; s < steps.length; s++) {
                    FitState a = fast.get(r).states().get(s);
                    FitState b = naive.get(r).states().get(s);
                    String cell = "rate " + rates[r] + ", " + steps[s] + " steps";
                    assertThat(a.status()).as(cell).isEqualTo(b.status());
                    assertClose(a.loss(), b.loss(), cell + " loss");
                    assertClose(TestData.bias(a), TestData.bias(b), cell + " bias");
                    for (int j = 0; j < data.features(); j++) {
                        assertClose(TestData.weights(a)[j], TestData.weights(b)[j], cell + " w" + j);
                    }
                }
            }
        }
    }

    private static void assertClose(double fast, double naive, String what) {
        assertThat(fast).as(what).isCloseTo(naive, within(Math.max(1e-6 * Math.abs(naive), 1e-9)));
    }

    /** Reversals are the sign of successive gradients' dot product, checked against a hand-written descent. */
    @Test
    void reversalsMarkTheStepsWhoseGradientPointsAgainstThePreviousOne() {
        Dataset data = TestData.lesson();
        for (double rate : new double[] {0.1, 0.7, 0.95}) {
            Trajectory run = BatchDescent.fit(data, TestData.batch(new int[] {60}, rate)).get(0);

            boolean[] expected = new boolean[61];
            double w = 0;
            double b = -1;
            double[] before = null;
            for (int step = 0; step <= 60; step++) {
                double gw = 0;
                double gb = 0;
                for (int i = 0; i < data.rows(); i++) {
                    double residual = w * data.feature(i, 0) + b - data.y()[i];
                    gw += 2 * residual * data.feature(i, 0) / data.rows();
                    gb += 2 * residual / data.rows();
                }
                expected[step] = before != null && gw * before[0] + gb * before[1] < 0;
                before = new double[] {gw, gb};
                w -= rate * gw;
                b -= rate * gb;
            }
            assertThat(run.reversals()).as("rate %s", rate).containsExactly(expected);
        }
        assertThat(BatchDescent.fit(data, TestData.batch(new int[] {60}, 0.95)).get(0).reversals()[1]).isTrue();
        assertThat(BatchDescent.fit(data, TestData.batch(new int[] {60}, 0.1)).get(0).reversals())
                .doesNotContain(true);
    }

    /**
     * The recorded curve is bounded whatever the step count: every step early on, a log-spaced
     * sample, and the steps the regime rules look at before each step count; the first rise above
     * the start loss is tracked over every step, kept or not.
     */
    @Test
    void theRecordedCurveIsBoundedWhateverTheStepCount() {
        int[] steps = {10, 2500, 4000};
        Trajectory run = BatchDescent.fit(TestData.lesson(), TestData.batch(steps, 0.5)).get(0);

        int bound = KeptSteps.DENSE + 1 + KeptSteps.LOG_SPACED + steps.length * 10;
        assertThat(run.curveSteps()).hasSameSizeAs(run.lossCurve()).hasSizeLessThanOrEqualTo(bound)
                .startsWith(0, 1, 2).endsWith(3991, 3992, 3993, 3994, 3995, 3996, 3997, 3998, 3999, 4000)
                .contains(2491, 2500);
        assertThat(run.curveSteps()).isSorted().doesNotHaveDuplicates();
        assertThat(run.lossCurve()[run.lossCurve().length - 1]).isEqualTo(run.states().get(2).loss());
        assertThat(KeptSteps.of(new int[] {1_000_000_000}, 1000)).hasSizeLessThanOrEqualTo(
                KeptSteps.DENSE + 1 + KeptSteps.LOG_SPACED + 1000).endsWith(1_000_000_000);
        assertThat(run.firstRiseStep()).isEqualTo(-1);
        Trajectory rising = BatchDescent.fit(TestData.lesson(), TestData.batch(new int[] {5}, 1.2)).get(0);
        assertThat(rising.firstRiseStep()).isBetween(1, 5);
        assertThat(rising.lossCurve()[rising.firstRiseStep()]).isGreaterThan(rising.lossCurve()[0]);
    }

    /**
     * Labels far from zero with little noise make the expanded moment form lose its digits (the
     * mean of y² cancels against θᵀGθ); the form measured from the exact optimum keeps them: every
     * recorded loss matches the mean squared residual summed directly, within 1e-9 relative, and
     * none falls below the optimal loss.
     */
    @Test
    void theLossKeepsItsDigitsWhereTheExpandedMomentFormWouldCancel() {
        Dataset data = TestData.linear(200, new double[] {0.5, -0.25}, 1.0e4, 1e-3, 11);
        TrialBatch batch = TestData.linearBatch(new double[] {0.05, 0.3, 0.6}, new int[] {10, 100, 3000}, TestData.start(new double[] {0.4, -0.2}, 1.0e4), Precision.FLOAT64);
        double optimal = LeastSquares.of(data).optimalLoss();

        for (Trajectory run : BatchDescent.fit(data, batch)) {
            for (FitState state : run.states()) {
                double direct = 0;
                for (int i = 0; i < data.rows(); i++) {
                    double residual = TestData.bias(state) - data.y()[i];
                    for (int j = 0; j < 2; j++) {
                        residual += TestData.weights(state)[j] * data.feature(i, j);
                    }
                    direct += residual * residual / data.rows();
                }
                assertThat(state.loss()).as("rate %s at %s steps", run.learningRate(), state.steps())
                        .isCloseTo(direct, within(1e-9 * direct)).isGreaterThanOrEqualTo(optimal * (1 - 1e-12));
            }
        }
    }

    /**
     * Single precision costs digits, not behaviour: on the lesson's data and on 3-feature data, every
     * stable cell's loss in float32 is within 1e-5 relative of float64's (the loss is L* in double
     * plus a float32 excess), the weights within 1e-4, and the same rates diverge at the same step.
     */
    @Test
    void float32AgreesWithFloat64ToSingleDigitsAndDivergesAtTheSameSteps() {
        int[] steps = {10, 100, 1000};
        double[] rates = {1e-3, 0.01, 0.1, 0.5, 0.9, 1.2, 3};
        for (Dataset data : List.of(TestData.lesson(), TestData.linear(80, new double[] {0.3, -0.7, 1.1}, 0.5, 0.1, 5))) {
            Parameters start = TestData.start(new double[data.features()], -1.0);
            List<Trajectory> doubles = BatchDescent.fit(data, TestData.linearBatch(rates, steps, start, Precision.FLOAT64));
            List<Trajectory> singles = BatchDescent.fit(data, TestData.linearBatch(rates, steps, start, Precision.FLOAT32));

            double worstLoss = 0;
            double worstWeight = 0;
            for (int r = 0; r < rates.length; r++) {
                assertThat(singles.get(r).divergedAtStep()).as("rate %s", rates[r]).isEqualTo(doubles.get(r).divergedAtStep());
                for (int s = 0; s < steps.length; s++) {
                    FitState a = singles.get(r).states().get(s);
                    FitState b = doubles.get(r).states().get(s);
                    if (b.status() != TrialStatus.OK) {
                        continue;
                    }
                    worstLoss = Math.max(worstLoss, Math.abs(a.loss() - b.loss()) / b.loss());
                    worstWeight = Math.max(worstWeight, Math.abs(TestData.bias(a) - TestData.bias(b)));
                    for (int j = 0; j < data.features(); j++) {
                        worstWeight = Math.max(worstWeight, Math.abs(TestData.weights(a)[j] - TestData.weights(b)[j]));
                    }
                }
            }
            System.out.printf("float32 against float64 on %s: loss %.2e relative, weights %.2e%n", data, worstLoss,
                    worstWeight);
            assertThat(worstLoss).isLessThan(1e-5);
            assertThat(worstWeight).isLessThan(1e-4);
        }
    }

    /** Intercept first, then the weights, from Commons Math's QR-based ordinary least squares. */
    static double[] exactLeastSquares(Dataset data) {
        double[][] x = new double[data.rows()][data.features()];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < data.features(); j++) {
                x[i][j] = data.feature(i, j);
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(data.y(), x);
        return ols.estimateRegressionParameters();
    }

    @Test
    void progressCountsEveryModelOfEveryStepTakenFrozenOnesIncluded() {
        java.util.concurrent.atomic.AtomicLong modelSteps = new java.util.concurrent.atomic.AtomicLong();
        List<Long> reports = new java.util.ArrayList<>();
        BatchDescent.fit(TestData.lesson(), null, TestData.batch(new int[] {10, 50}, 0.1, 10.0, 0.5), rate -> false,
                count -> {
                    reports.add(count);
                    modelSteps.addAndGet(count);
                });

        // 50 steps taken to reach the last step count (the state at step 50 is read before a 51st), 3 models each
        assertThat(reports).hasSize(50).containsOnly(3L);
        assertThat(modelSteps.get()).isEqualTo(3 * 50);
    }

    /**
     * Under weight decay a run turns back when the gradient of what it minimises, loss + λ‖θ‖²/2, does. On rows
     * x = ±1, y = 3x + 1, the Hessian is 2I, so at rate 1.5/(2 + λ) the error around the ridge solution flips sign at
     * every step (factor −0.5) while the loss's own gradient, dominated by −λθ_λ, keeps its sign: every step from 1
     * to 30 is a reversal.
     */
    @Test
    void underWeightDecayAReversalIsOneOfTheRegularisedGradient() {
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = i % 2 == 0 ? 1 : -1;
            y[i] = 3 * x[i] + 1;
        }
        Dataset rows = new Dataset(40, 1, x, y);
        double decay = 1;
        TrialBatch batch = TestData.linearBatch(new double[] {1.5 / (2 + decay)}, new int[] {30},
                TestData.start(new double[1], 0.0), Precision.FLOAT64)
                .withRecipe(Schedule.CONSTANT, new WeightDecay(decay, true));
        Trajectory run = BatchDescent.fit(rows, batch).get(0);
        // the ridge solution 2θ*/(2 + λ) = (2, 2/3), reached to rounding
        assertThat(run.states().get(0).parameters().values()).containsExactly(new double[] {2, 2.0 / 3},
                within(1e-8));
        for (int i = 0; i < run.curveSteps().length; i++) {
            assertThat(run.reversals()[i]).as("step " + run.curveSteps()[i]).isEqualTo(run.curveSteps()[i] > 0);
        }
    }
}
