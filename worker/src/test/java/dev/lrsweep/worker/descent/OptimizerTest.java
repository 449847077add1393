package dev.lrsweep.worker.descent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, in full batches and in mini-batches, against an independent float64 implementation:
 * PyTorch's update rules written out on plain arrays, with gradients from {@link ReferenceNetwork}'s
 * hand-derived backpropagation, on the mini-batch sequence {@link MiniBatches#shuffle} defines.
 */
class OptimizerTest {
    private static final int[] STEPS = {1, 7, 40};

    static Stream<Arguments> cases() {
        Dataset values = TestData.linear(50, new double[] {0.5, -1, 2}, 0.3, 0.1, 6);
        Dataset classes = ModelFamiliesTest.classes(50, new double[] {3, -2, 1}, 5);
        ModelSpec tanhNet = ModelSpec.mlp(new int[] {4}, ModelSpec.Activation.TANH, ModelSpec.Loss.MSE);
        List<Arguments> cases = new ArrayList<>();
        List<Optimizer> optimizers = List.of(Optimizer.gd(), Optimizer.momentum(0.9), Optimizer.nesterov(0.9),
                Optimizer.adam(0.9, 0.999, 1e-8), Optimizer.adam(0.8, 0.99, 1e-6));
        for (Optimizer optimizer : optimizers) {
            double[] rates = optimizer.kind() == Optimizer.Kind.ADAM ? new double[] {0.001, 0.01, 0.1}
                    : new double[] {0.01, 0.05, 0.2};
            for (int batchSize : new int[] {TrialBatch.FULL_BATCH, 16}) {
                cases.add(Arguments.of(optimizer, batchSize, ModelSpec.linear(), values, rates));
                cases.add(Arguments.of(optimizer, batchSize, ModelSpec.logistic(), classes, rates));
                cases.add(Arguments.of(optimizer, batchSize, tanhNet, values, rates));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, batch {1}, {2}")
    @MethodSource("cases")
    void everyCellMatchesAnIndependentImplementationTo1e9Relative(Optimizer optimizer, int batchSize, ModelSpec model,
                                                                  Dataset data, double[] rates) {
        Parameters start = model.kind() == ModelSpec.Kind.MLP ? InitScheme.LECUN_NORMAL.draw(model.layout(data.features()), 3)
                : Parameters.filled(model.layout(data.features()), 0.1);
        long seed = batchSize == TrialBatch.FULL_BATCH ? 0 : 11;
        TrialBatch batch = new TrialBatch(rates, STEPS, model, start, 1e6, 5, Precision.FLOAT64)
                .with(optimizer, batchSize, seed);
        List<Trajectory> fitted = BatchDescent.fit(data, batch);
        for (int r = 0; r < rates.length; r++) {
            List<double[]> expected = ReferenceDescent.states(data, start.values(), optimizer, rates[r], batchSize,
                    seed, STEPS, (rows, theta, gradient) -> new ReferenceNetwork(rows, model.hidden(),
                            model.activation(), model.loss()).lossAndGradient(theta, gradient));
            for (int s = 0; s < STEPS.length; s++) {
                FitState state = fitted.get(r).states().get(s);
                assertEquals(TrialStatus.OK, state.status(), optimizer + " rate " + rates[r]);
                double[] want = expected.get(s);
                double[] got = state.parameters().values();
                for (int j = 0; j < got.length; j++) {
                    assertEquals(want[j], got[j], 1e-9 * Math.max(1, Math.abs(want[j])),
                            optimizer + " rate " + rates[r] + " steps " + STEPS[s] + " parameter " + j);
                }
                // the state's loss is the loss on all the rows, whatever the batch size
                double allRows = new ReferenceNetwork(data, model.hidden(), model.activation(), model.loss())
                        .lossAndGradient(want, new double[want.length]);
                assertEquals(allRows, state.loss(), 1e-9 * Math.max(1, allRows));
            }
        }
    }

    static Stream<Arguments> recipes() {
        Dataset classes = ModelFamiliesTest.classes(50, new double[] {3, -2, 1}, 5);
        Dataset values = TestData.linear(50, new double[] {0.5, -1, 2}, 0.3, 0.1, 6);
        ModelSpec tanhNet = ModelSpec.mlp(new int[] {4}, ModelSpec.Activation.TANH, ModelSpec.Loss.MSE);
        List<Schedule> schedules = List.of(Schedule.CONSTANT, new Schedule.Warmup(5, 0, 0.1),
                new Schedule.Cosine(new Schedule.Warmup(0, 0.1, Schedule.WARMUP_START_FACTOR), 0.01),
                new Schedule.Step(7, 0.5), new Schedule.OneCycle(0.3, 25, 1e4, true));
        List<Optimizer> optimizers = List.of(Optimizer.gd(), Optimizer.momentum(0.9), Optimizer.nesterov(0.9),
                Optimizer.adam(0.9, 0.999, 1e-8), Optimizer.adamw(0.9, 0.999, 1e-8));
        List<Arguments> cases = new ArrayList<>();
        int next = 0;
        for (Optimizer optimizer : optimizers) {
            double[] rates = optimizer.adaptive() ? new double[] {0.003, 0.03, 0.3} : new double[] {0.01, 0.03, 0.1};
            for (boolean biases : new boolean[] {true, false}) {
                for (int batchSize : new int[] {TrialBatch.FULL_BATCH, 16}) {
                    Schedule schedule = schedules.get(next++ % schedules.size());
                    WeightDecay decay = new WeightDecay(optimizer.kind() == Optimizer.Kind.ADAMW ? 0.5 : 0.05, biases);
                    cases.add(Arguments.of(optimizer, schedule, decay, batchSize, ModelSpec.linear(), values, rates));
                    cases.add(Arguments.of(optimizer, schedule, decay, batchSize, ModelSpec.logistic(), classes,
                            rates));
                    cases.add(Arguments.of(optimizer, schedule, decay, batchSize, tanhNet, values, rates));
                }
            }
        }
        return cases.stream();
    }

    /**
     * Weight decay (coupled, decoupled for AdamW; biases in or out) under every schedule, against the independent
     * implementation with PyTorch's closed-form rates; with every rate's sensitivity twin running, through the steps
     * between its windows (1 and 150 steps), or for a schedule that depends on the budget, one budget of 60.
     */
    @ParameterizedTest(name = "{0}, {1}, {2}, batch {3}, {4}")
    @MethodSource("recipes")
    void weightDecayUnderEveryScheduleMatchesAnIndependentImplementationTo1e9Relative(
            Optimizer optimizer, Schedule schedule, WeightDecay decay, int batchSize, ModelSpec model, Dataset data,
            double[] rates) {
        int[] steps = schedule.budgetRelative() ? new int[] {60} : new int[] {1, 150};
        Parameters start = model.kind() == ModelSpec.Kind.MLP ? InitScheme.LECUN_NORMAL.draw(model.layout(data.features()), 3)
                : Parameters.filled(model.layout(data.features()), 0.1);
        long seed = batchSize == TrialBatch.FULL_BATCH ? 0 : 11;
        TrialBatch batch = new TrialBatch(rates, steps, model, start, 1e6, 5, Precision.FLOAT64)
                .with(optimizer, batchSize, seed).withRecipe(schedule, decay).withTwinsFrom(0);
        List<Trajectory> fitted = BatchDescent.fit(data, batch);
        double[] decays = decay.perParameter(start.layout());
        for (int r = 0; r < rates.length; r++) {
            List<double[]> expected = ReferenceDescent.states(data, start.values(), optimizer, rates[r], schedule,
                    decays, batchSize, seed, steps, (rows, theta, gradient) -> new ReferenceNetwork(rows,
                            model.hidden(), model.activation(), model.loss()).lossAndGradient(theta, gradient));
            for (int s = 0; s < steps.length; s++) {
                FitState state = fitted.get(r).states().get(s);
                assertEquals(TrialStatus.OK, state.status(), optimizer + " rate " + rates[r]);
                double[] want = expected.get(s);
                double[] got = state.parameters().values();
                for (int j = 0; j < got.length; j++) {
                    assertEquals(want[j], got[j], 1e-9 * Math.max(1, Math.abs(want[j])),
                            optimizer + " rate " + rates[r] + " steps " + steps[s] + " parameter " + j);
                }
                assertTrue(Double.isFinite(state.sensitivity()), "the twin ran");
            }
        }
    }

    @Test
    void withoutTheBiasesOnlyTheWeightsDecay() {
        ModelSpec logistic = ModelSpec.logistic();
        double[] decays = new WeightDecay(0.2, false).perParameter(logistic.layout(3));
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0}, decays);
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2}, new WeightDecay(0.2, true).perParameter(logistic.layout(3)));
    }

    @Test
    void everyLabelNamesItsOptimizerAndNoOtherTextDoes() {
        for (Optimizer optimizer : List.of(Optimizer.gd(), Optimizer.momentum(0.9), Optimizer.nesterov(0.25),
                Optimizer.adam(0.9, 0.999, 1e-8), Optimizer.adam(0.8, 0.99, 1e-6), Optimizer.adam(0, 0.5, 2.5e-7),
                Optimizer.adamw(0.9, 0.999, 1e-8), Optimizer.adamw(0.8, 0.99, 1e-6))) {
            assertEquals(optimizer, Optimizer.ofLabel(optimizer.label()));
        }
        for (String text : List.of("", "sgd", "gd 0.9", "momentum", "momentum 1.5", "momentum 0.90", "adam 0.9",
                "adam 0.9/0.999/1e-8", "Adam")) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Optimizer.ofLabel(text), text);
            assertTrue(refused.getMessage().startsWith("'" + text + "' is not an optimizer"));
        }
    }

    @Test
    void aBatchSizeOfAllTheRowsIsTheFullBatchExactly() {
        Dataset data = ModelFamiliesTest.classes(40, new double[] {1, -1}, 2);
        ModelSpec logistic = ModelSpec.logistic();
        TrialBatch batch = new TrialBatch(new double[] {0.1, 1, 5}, new int[] {3, 30}, logistic,
                Parameters.filled(logistic.layout(2), 0), 1e6, 5, Precision.FLOAT64).with(Optimizer.momentum(0.9),
                TrialBatch.FULL_BATCH, 0);
        List<Trajectory> full = BatchDescent.fit(data, batch);
        List<Trajectory> allRows = BatchDescent.fit(data, batch.with(Optimizer.momentum(0.9), 40, 5));
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(full.get(r).states().get(s).parameters().values(),
                        allRows.get(r).states().get(s).parameters().values());
                assertEquals(full.get(r).states().get(s).loss(), allRows.get(r).states().get(s).loss(), 0.0);
            }
        }
    }

    @Test
    void seedsGiveDifferentMiniBatchRunsThatRepeatExactly() {
        Dataset data = TestData.linear(64, new double[] {0.4, -0.2}, 0.5, 0.05, 3);
        TrialBatch batch = TestData.linearBatch(new double[] {0.05, 0.3}, new int[] {10, 50},
                TestData.start(new double[2], -1.0), Precision.FLOAT64);
        double[] seed1 = last(BatchDescent.fit(data, batch.with(Optimizer.adam(0.9, 0.999, 1e-8), 8, 1)));
        double[] seed1Again = last(BatchDescent.fit(data, batch.with(Optimizer.adam(0.9, 0.999, 1e-8), 8, 1)));
        double[] seed2 = last(BatchDescent.fit(data, batch.with(Optimizer.adam(0.9, 0.999, 1e-8), 8, 2)));
        assertArrayEquals(seed1, seed1Again);
        assertNotEquals(Arrays.toString(seed1), Arrays.toString(seed2));
    }

    private static double[] last(List<Trajectory> trajectories) {
        return trajectories.get(1).states().get(1).parameters().values();
    }

    @Test
    void aShuffleIsAPermutationFixedBySeedAndEpoch() {
        int[] order = MiniBatches.shuffle(100, 4, 2);
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), Arrays.stream(order).sorted().toArray());
        assertArrayEquals(order, MiniBatches.shuffle(100, 4, 2));
        assertTrue(!Arrays.equals(order, MiniBatches.shuffle(100, 4, 3))
                && !Arrays.equals(order, MiniBatches.shuffle(100, 5, 2)));
    }

    @Test
    void aDivergedModelKeepsItsStateOutOfTheOthers() {
        // momentum 0.9 at rate 2 diverges on the lesson; the rates beside it match their fits alone
        Dataset data = TestData.lesson();
        TrialBatch batch = TestData.batch(new int[] {20, 200}, 0.01, 2.0, 0.1).with(Optimizer.momentum(0.9),
                TrialBatch.FULL_BATCH, 0);
        List<Trajectory> together = BatchDescent.fit(data, batch);
        assertEquals(TrialStatus.DIVERGED, together.get(1).status());
        for (int r : new int[] {0, 2}) {
            Trajectory alone = BatchDescent.fit(data, batch.withLearningRates(batch.learningRates()[r])).get(0);
            assertArrayEquals(alone.states().get(1).parameters().values(),
                    together.get(r).states().get(1).parameters().values(), 1e-12);
        }
    }
}
