package dev.lrsweep.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits y ≈ X·w + b under mean squared error by full-batch gradient descent for a batch of
 * learning rates at once, with gradients from SameDiff's automatic differentiation.
 *
 * <p>Each rate runs one trajectory to the largest requested step count; the state at every
 * requested step count is read off it, since full-batch gradient descent is deterministic and the
 * first s steps of a longer run are exactly a run of s steps. A model that diverges is frozen at
 * that step and takes no further part: it is reset to the start point with rate 0, so that its
 * non-finite values never reach the shared computation.
 */
public final class BatchDescent {

    private BatchDescent() {
    }

    /**
     * Pays the one-off costs of fitting in this JVM ahead of time: loading ND4J's native backend,
     * SameDiff's op registry and a first compilation of the hot path (about 2.5 s on a 2-core
     * machine, measured), by fitting a tiny problem. Call it early, on a spare thread, where it
     * can overlap other start-up work, such as Spark's.
     */
    public static void warmUp() {
        Dataset tiny = new Dataset(2, 1, new double[] {0, 1}, new double[] {0, 1});
        fit(tiny, new TrialBatch(new double[] {0.1, 0.2}, new int[] {300}, new StartPoint(new double[1], 0), 1e6, 10,
                Precision.FLOAT64));
    }

    /**
     * Fits every learning rate of the batch; never throws for a failing fit.
     *
     * <p>If the batch as a whole throws, each rate is fitted alone, so that only the rates that
     * fail by themselves are reported {@code FAILED}, with the exception's message.
     *
     * @return one trajectory per learning rate, in the batch's order
     */
    public static List<Trajectory> fit(Dataset data, TrialBatch batch) {
        return fit(data, batch, rate -> false);
    }

    /**
     * Fits the batch like {@link #fit(Dataset, TrialBatch)}, but a fit of any rate for which
     * {@code injectFault} is true throws: a fault injected on purpose, so that tests and drills can
     * watch a sweep survive a trial that fails every time.
     */
    public static List<Trajectory> fit(Dataset data, TrialBatch batch, DoublePredicate injectFault) {
        try {
            return fitTogether(data, batch, injectFault);
        } catch (RuntimeException batchFailure) {
            List<Trajectory> trajectories = new ArrayList<>();
            for (double rate : batch.learningRates()) {
                trajectories.add(fitAlone(data, batch.withLearningRates(rate), injectFault));
            }
            return trajectories;
        }
    }

    private static Trajectory fitAlone(Dataset data, TrialBatch single, DoublePredicate injectFault) {
        try {
            return fitTogether(data, single, injectFault).get(0);
        } catch (RuntimeException failure) {
            return Trajectory.failed(single.learningRates()[0], single.stepCounts(), data.features(), failure);
        }
    }

    private static List<Trajectory> fitTogether(Dataset data, TrialBatch batch, DoublePredicate injectFault) {
        for (double rate : batch.learningRates()) {
            if (injectFault.test(rate)) {
                throw new IllegalStateException("injected fault for learning rate " + rate);
            }
        }
        return descend(new MomentGraph(data, batch.start(), batch.learningRates().length, batch.precision()), batch,
                KeptSteps.of(batch.stepCounts(), batch.reversalWindow()));
    }

    /**
     * The naive reference: every grid cell its own fit from scratch, one model per graph, on the
     * textbook graph that predicts every point at every step ({@link DataGraph}). Kept to check the
     * fast path against and as the benchmark's baseline; never the default. A rate's loss curve is
     * that of its longest fit.
     *
     * @return one trajectory per learning rate, in the batch's order
     */
    public static List<Trajectory> fitEachCell(Dataset data, TrialBatch batch) {
        List<Trajectory> trajectories = new ArrayList<>();
        // the longest fit keeps the curve's steps of every step count, so that its curve is the batched one's
        int[] keptSteps = KeptSteps.of(batch.stepCounts(), batch.reversalWindow());
        for (double rate : batch.learningRates()) {
            try {
                List<FitState> states = new ArrayList<>();
                Trajectory longest = null;
                for (int steps : batch.stepCounts()) {
                    TrialBatch cell = new TrialBatch(new double[] {rate}, new int[] {steps}, batch.start(),
                            batch.divergenceFactor(), batch.reversalWindow(), batch.precision());
                    longest = descend(new DataGraph(data, batch.start(), 1, batch.precision()), cell, keptSteps).get(0);
                    states.add(longest.states().get(0));
                }
                trajectories.add(new Trajectory(rate, longest.status(), longest.divergedAtStep(),
                        longest.firstRiseStep(), null, longest.curveSteps(), longest.lossCurve(), longest.reversals(),
                        states));
            } catch (RuntimeException failure) {
                trajectories.add(Trajectory.failed(rate, batch.stepCounts(), data.features(), failure));
            }
        }
        return trajectories;
    }

    /** Runs gradient descent on every model of {@code graph}, one per rate of the batch, recording as it goes. */
    private static List<Trajectory> descend(LinearModelGraph graph, TrialBatch batch, int[] keptSteps) {
        double[] rates = batch.learningRates();
        int models = rates.length;
        int[] stepCounts = batch.stepCounts();
        INDArray activeRates = Nd4j.create(rates, new long[] {1, models}, DataType.DOUBLE)
                .castTo(batch.precision().dataType());
        UpdateRule rule = new PlainDescent();
        TrajectoryRecorder[] recorders = new TrajectoryRecorder[models];
        DivergenceRule[] divergence = new DivergenceRule[models];
        for (int i = 0; i < models; i++) {
            recorders[i] = new TrajectoryRecorder(rates[i], stepCounts, keptSteps);
        }
        int nextWanted = 0;
        LinearModelGraph.Evaluation previous = null;
        for (int step = 0; ; step++) {
            LinearModelGraph.Evaluation evaluation = graph.evaluate();
            boolean[] reversed = previous == null ? new boolean[models] : LinearModelGraph.reversed(evaluation, previous);
            boolean wanted = step == stepCounts[nextWanted];
            for (int i = 0; i < models; i++) {
                double loss = evaluation.losses()[i];
                if (step == 0) {
                    divergence[i] = new DivergenceRule(batch.divergenceFactor(), loss);
                }
                if (!recorders[i].running()) {
                    continue;
                }
                recorders[i].recordStep(loss, reversed[i]);
                if (divergence[i].hasDiverged(loss)) {
                    recorders[i].diverge(step, loss, graph.weightsOf(i), graph.biasOf(i));
                    activeRates.putScalar(0, i, 0.0);
                    rule.reset(i);
                    graph.setParameters(i, batch.start().weights(), batch.start().bias());
                } else if (wanted) {
                    recorders[i].recordState(step, loss, graph.weightsOf(i), graph.biasOf(i));
                }
            }
            if (wanted) {
                nextWanted++;
            }
            if (nextWanted == stepCounts.length || Arrays.stream(recorders).noneMatch(TrajectoryRecorder::running)) {
                break;
            }
            graph.step(rule, activeRates, evaluation);
            previous = evaluation;
        }
        return Arrays.stream(recorders).map(TrajectoryRecorder::finish).toList();
    }
}
