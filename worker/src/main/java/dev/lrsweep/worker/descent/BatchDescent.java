package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.graph.NativeThreads;
import dev.lrsweep.worker.graph.Sharpness;
import dev.lrsweep.worker.model.ModelFamily;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import dev.lrsweep.worker.optimizer.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits a batch's model (see {@link ModelSpec}) with the batch's optimizer (see {@link Optimizer}), in full
 * batches or mini-batches, for a batch of learning rates at once, with gradients from SameDiff's
 * automatic differentiation.
 *
 * <p>Each rate runs one trajectory to the largest requested step count; the state at every
 * requested step count is read off it, since the descent is deterministic (the mini-batches' order
 * follows from the seed) and the first s steps of a longer run are exactly a run of s steps. A model
 * that diverges is frozen at that step and takes no further part: it is reset to the start point with rate 0, so that its
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
        NativeThreads.limitTo(1);
        Dataset tiny = new Dataset(2, 1, new double[] {0, 1}, new double[] {0, 1});
        ModelSpec linear = ModelSpec.linear();
        fit(tiny, new TrialBatch(new double[] {0.1, 0.2}, new int[] {300}, linear,
                Parameters.filled(linear.layout(1), 0), 1e6, 10, Precision.FLOAT64));
    }

    /**
     * Fits every learning rate of the batch; never throws for a failing fit.
     *
     * <p>If the batch as a whole throws, each rate is fitted alone, so that only the rates that
     * fail by themselves are reported {@code FAILED}, with the exception's message.
     *
     * @return one trajectory per learning rate, in the batch's order
     */
    public static List<Trajectory> fit(FitData data, TrialBatch batch) {
        return fit(data, null, batch, rate -> false, modelSteps -> { });
    }

    /**
     * Fits the batch like {@link #fit(FitData, TrialBatch)}, and where {@code validation} holds held-out
     * rows (or, for a linear model, their moments), measures each requested state's loss (and accuracy) on
     * them too. A fit of any rate for which {@code injectFault} is true throws: a fault injected on
     * purpose, so that tests and drills can watch a sweep survive a trial that fails every time.
     *
     * @param validation the held-out validation data, or null
     * @param modelSteps told, after every step, how many models took it (all the batch's rates, frozen ones
     *                   included): the work done so far, for a progress line
     */
    public static List<Trajectory> fit(FitData data, FitData validation, TrialBatch batch,
                                       DoublePredicate injectFault, LongConsumer modelSteps) {
        try {
            return fitTogether(data, validation, batch, injectFault, modelSteps);
        } catch (RuntimeException batchFailure) {
            List<Trajectory> trajectories = new ArrayList<>();
            for (double rate : batch.learningRates()) {
                trajectories.add(fitAlone(data, validation, batch.withLearningRates(rate), injectFault, modelSteps));
            }
            return trajectories;
        }
    }

    private static Trajectory fitAlone(FitData data, FitData validation, TrialBatch single,
                                       DoublePredicate injectFault, LongConsumer modelSteps) {
        try {
            return fitTogether(data, validation, single, injectFault, modelSteps).get(0);
        } catch (RuntimeException failure) {
            return Trajectory.failed(single.learningRates()[0], single.stepCounts(), single.start().layout(), failure);
        }
    }

    private static List<Trajectory> fitTogether(FitData data, FitData validation, TrialBatch batch,
                                                DoublePredicate injectFault, LongConsumer modelSteps) {
        for (double rate : batch.learningRates()) {
            if (injectFault.test(rate)) {
                throw new IllegalStateException("injected fault for learning rate " + rate);
            }
        }
        checkStartFits(data, batch);
        ModelFamily family = batch.model().family();
        ModelGraph held = validation == null ? null
                : family.graph(validation, batch.model(), batch.start(), batch.models(), batch.precision());
        return descend(models -> Descent.fastPath(data, batch, models), held, batch,
                KeptSteps.of(batch.stepCounts(), batch.reversalWindow()), modelSteps);
    }

    /**
     * Fits every learning rate of the batch on rows held elsewhere in slices (data parallelism): each
     * step asks every slice for its sums ({@link RowSums}), so the rows never meet in one place. The same
     * descent as {@link #fit(FitData, TrialBatch)}, with the same numbers up to the order of summation; a
     * failure stops the batch (the slices' own failures are retried where they run).
     *
     * @param validation the held-out validation rows, in slices, or null
     * @param features   the number of features d
     * @param modelSteps told, after every step, how many models took it
     * @return one trajectory per learning rate, in the batch's order
     */
    public static List<Trajectory> fit(RowSums rows, RowSums validation, int features, TrialBatch batch,
                                       LongConsumer modelSteps) {
        if (batch.batchSize() != TrialBatch.FULL_BATCH) {
            throw new IllegalArgumentException("rows held in slices are fitted in full batches, not mini-batches of "
                    + batch.batchSize());
        }
        return descend(models -> {
            SlicedModels sliced = new SlicedModels(rows, features, batch, models);
            return new Descent(sliced, null, sliced);
        }, validation == null ? null : new SlicedModels(validation, features, batch, batch.models()), batch,
                KeptSteps.of(batch.stepCounts(), batch.reversalWindow()), modelSteps);
    }

    /**
     * λ_max of the loss's Hessian at the batch's start point, on {@code data}: measured on one model's graph, as
     * the fits measure it (see {@link Sharpness}).
     */
    public static double sharpnessAtStart(FitData data, TrialBatch batch) {
        checkStartFits(data, batch);
        return Sharpness.of(batch.model().family().graph(data, batch.model(), batch.start(), 1, batch.precision()))[0];
    }

    /**
     * {@link #sharpnessAtStart(FitData, TrialBatch)} on rows held elsewhere in slices (data parallelism), for a
     * batch of one model ({@link TrialBatch#alone()}), the size the slices' sums are asked for.
     */
    public static double sharpnessAtStart(RowSums rows, int features, TrialBatch alone) {
        if (alone.models() != 1) {
            throw new IllegalArgumentException("the sharpness at the start is measured on one model, not "
                    + alone.models());
        }
        return Sharpness.of(new SlicedModels(rows, features, alone, 1))[0];
    }

    /**
     * The naive reference: every grid cell its own fit from scratch, one model per graph, on the
     * family's textbook graph (see {@link ModelFamily#referenceGraph}). Kept to check the
     * fast path against and as the benchmark's baseline; never the default. A rate's loss curve is
     * that of its longest fit.
     *
     * @return one trajectory per learning rate, in the batch's order
     */
    public static List<Trajectory> fitEachCell(Dataset data, Dataset validation, TrialBatch batch) {
        List<Trajectory> trajectories = new ArrayList<>();
        // the longest fit keeps the curve's steps of every step count, so that its curve is the batched one's
        int[] keptSteps = KeptSteps.of(batch.stepCounts(), batch.reversalWindow());
        for (double rate : batch.learningRates()) {
            try {
                // inside the try: a start point that does not fit fails every rate's cells, as the fast path does
                checkStartFits(data, batch);
                List<FitState> states = new ArrayList<>();
                Trajectory longest = null;
                for (int steps : batch.stepCounts()) {
                    TrialBatch cell = batch.cell(rate, steps);
                    ModelFamily family = batch.model().family();
                    Descent descent = Descent.of(data, cell, (rows, start) ->
                            family.referenceGraph((Dataset) rows, batch.model(), start, batch.precision()));
                    ModelGraph held = validation == null ? null
                            : family.referenceGraph(validation, batch.model(), batch.start(), batch.precision());
                    longest = descend(models -> descent, held, cell, keptSteps, modelSteps -> { }).get(0);
                    states.add(longest.states().get(0));
                }
                trajectories.add(new Trajectory(rate, longest.status(), longest.divergedAtStep(),
                        longest.firstRiseStep(), longest.sharpnessStart(), null, longest.curveSteps(),
                        longest.lossCurve(), longest.reversals(), states));
            } catch (RuntimeException failure) {
                trajectories.add(Trajectory.failed(rate, batch.stepCounts(), batch.start().layout(), failure));
            }
        }
        return trajectories;
    }

    /**
     * Runs the batch's optimizer on every model of the descent, one per rate of the batch, recording as it
     * goes; where the family measures the sharpness, at the start and at each requested step count.
     *
     * <p>With mini-batches, each step's loss (on the loss curve, and for the divergence rule) is that of
     * the step's mini-batch, as a training loop sees it; the states at the requested step counts, and
     * the start loss the divergence rule measures from, are measured on all the rows.
     *
     * <p>Where the batch twins rates, the descent runs on two graphs: one of the runs alone, and in the
     * {@link TrialBatch#twinWindows twins' windows} one of the runs and their twins. Each run's parameters and
     * optimizer memory move to the graph that takes the next step, so that its trajectory is the same on either.
     *
     * @param descentOf the descent of the first n models of the batch: its runs, then its twins
     */
    private static List<Trajectory> descend(IntFunction<Descent> descentOf, DescentModels validation,
                                            TrialBatch batch, int[] keptSteps, LongConsumer modelSteps) {
        double[] rates = batch.modelRates();
        int runs = batch.learningRates().length;
        int[] twinned = batch.twinned();
        int[][] windows = twinned.length == 0 ? new int[0][] : TrialBatch.twinWindows(batch.stepCounts());
        Stage[] stages = new Stage[2];
        int[] stepCounts = batch.stepCounts();
        boolean measuresSharpness = batch.model().measuresSharpness();
        TrajectoryRecorder[] recorders = new TrajectoryRecorder[runs];
        DivergenceRule[] divergence = new DivergenceRule[runs];
        for (int i = 0; i < runs; i++) {
            recorders[i] = new TrajectoryRecorder(rates[i], stepCounts, keptSteps);
        }
        boolean[] twinRunning = new boolean[twinned.length];
        double[] decays = batch.weightDecay().any() ? batch.weightDecay().perParameter(batch.start().layout()) : null;
        // each run's rate at each step, where the schedule changes it
        Schedule.Rates[] schedules = new Schedule.Rates[runs];
        double[] scheduled = batch.schedule() == Schedule.CONSTANT ? null : new double[runs];
        for (int i = 0; i < runs && scheduled != null; i++) {
            schedules[i] = batch.schedule().rates(rates[i], batch.maxSteps());
        }
        double[][] twinLosses = new double[twinned.length][stepCounts.length];
        Stage stage = null;
        int window = 0;
        int nextWanted = 0;
        double[] previous = null;
        for (int step = 0; ; step++) {
            boolean twinsRun = window < windows.length && step >= windows[window][0];
            int models = twinsRun ? runs + twinned.length : runs;
            int at = twinsRun ? 1 : 0;
            if (stages[at] == null) {
                stages[at] = new Stage(descentOf.apply(models), batch, rates, models);
            }
            Stage next = stages[at];
            if (stage != null && next != stage) {
                next.takeRuns(stage, runs, recorders);
            }
            stage = next;
            if (twinsRun && step == windows[window][0]) {
                for (int j = 0; j < twinned.length; j++) {
                    int run = twinned[j];
                    twinRunning[j] = recorders[run].running();
                    stage.startTwin(run, runs + j, batch.twinOf(stage.models.parametersOf(run)), twinRunning[j]);
                }
            }
            DescentModels graph = stage.models;
            DescentModels whole = stage.descent.whole();
            stage.descent.feed(step);
            if (step == 0 && measuresSharpness) {
                // every run starts at the batch's start: measured there on one model already, or here, before the
                // step's evaluation (measuring evaluates the models again, over the gradient it returns)
                double[] sharpness = Double.isNaN(batch.sharpnessStart()) ? Sharpness.of(whole) : null;
                for (int i = 0; i < runs; i++) {
                    recorders[i].recordSharpnessStart(sharpness == null ? batch.sharpnessStart() : sharpness[i]);
                }
            }
            boolean wanted = step == stepCounts[nextWanted];
            // measuring the sharpness evaluates the models again: the step's gradient is kept from that
            DescentModels.Evaluation evaluation = wanted && measuresSharpness ? graph.evaluate().kept() : graph.evaluate();
            double[] gradient = runsOf(DescentModels.rowMajor(evaluation.gradient()), models, runs);
            if (decays != null) {
                // under weight decay a run turns back when the gradient of what it minimises, loss + λ‖θ‖²/2, does
                for (int i = 0; i < runs; i++) {
                    double[] theta = graph.parametersOf(i).values();
                    for (int j = 0; j < theta.length; j++) {
                        gradient[j * runs + i] += decays[j] * theta[j];
                    }
                }
            }
            boolean[] reversed = previous == null ? new boolean[runs] : DescentModels.reversed(gradient, previous, runs);
            double[] losses = evaluation.losses();
            if (step == 0) {
                double[] startLosses = stage.descent.miniBatches() != null ? whole.evaluate().losses() : losses;
                for (int i = 0; i < runs; i++) {
                    divergence[i] = new DivergenceRule(batch.divergenceFactor(), startLosses[i]);
                }
            }
            boolean anyDiverges = false;
            for (int i = 0; i < runs; i++) {
                anyDiverges |= recorders[i].running() && divergence[i].hasDiverged(losses[i]);
            }
            for (int j = 0; j < twinned.length && twinsRun; j++) {
                anyDiverges |= twinRunning[j] && divergence[twinned[j]].hasDiverged(losses[runs + j]);
            }
            Parameters[] parameters = new Parameters[models];
            for (int i = 0; i < models; i++) {
                parameters[i] = wanted || anyDiverges ? graph.parametersOf(i) : null;
            }
            // the states are measured on all the rows: a mini-batch descent moves its whole-rows twin there
            boolean miniBatches = stage.descent.miniBatches() != null;
            Held measured = miniBatches && (wanted || anyDiverges) ? Held.at(whole, parameters) : null;
            double[] stateLosses = measured == null ? losses : measured.losses();
            // a classifier's state records its accuracy, at a requested step count or where it diverged
            double[] accuracies = measured != null ? measured.accuracies()
                    : graph.classifies() && (wanted || anyDiverges) ? graph.accuracies() : null;
            double[] sharpness = wanted && measuresSharpness ? Sharpness.of(whole) : null;
            Held held = wanted && validation != null ? Held.at(validation, parameters) : Held.NONE;
            for (int i = 0; i < runs; i++) {
                double loss = losses[i];
                if (!recorders[i].running()) {
                    continue;
                }
                recorders[i].recordStep(loss, reversed[i]);
                double accuracy = accuracies == null ? Double.NaN : accuracies[i];
                if (divergence[i].hasDiverged(loss)) {
                    recorders[i].diverge(step, loss, accuracy, parameters[i]);
                    stage.freeze(i, batch.start());
                } else if (wanted) {
                    recorders[i].recordState(step, stateLosses[i], accuracy,
                            sharpness == null ? Double.NaN : sharpness[i], held.loss(i), held.accuracy(i),
                            parameters[i]);
                }
            }
            for (int j = 0; j < twinned.length && twinsRun; j++) {
                if (twinRunning[j] && divergence[twinned[j]].hasDiverged(losses[runs + j])) {
                    twinRunning[j] = false;
                    stage.freeze(runs + j, batch.start());
                }
                if (wanted) {
                    // a twin that diverged and its run did not: the run's digits are rounding's
                    twinLosses[j][nextWanted] = twinRunning[j] ? stateLosses[runs + j] : Double.POSITIVE_INFINITY;
                }
            }
            if (wanted) {
                nextWanted++;
            }
            if (twinsRun && step == windows[window][1]) {
                window++;
            }
            if (nextWanted == stepCounts.length || Arrays.stream(recorders).noneMatch(TrajectoryRecorder::running)) {
                break;
            }
            if (scheduled != null) {
                for (int i = 0; i < runs; i++) {
                    scheduled[i] = schedules[i].next();
                }
                stage.schedule(scheduled, recorders, twinned, twinRunning);
            }
            graph.step(stage.rule, stage.activeRates, evaluation);
            modelSteps.accept(runs);
            previous = gradient;
        }
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            trajectories.add(recorders[i].finish());
        }
        for (int j = 0; j < twinned.length; j++) {
            trajectories.set(twinned[j], trajectories.get(twinned[j]).withTwinLosses(twinLosses[j]));
        }
        return trajectories;
    }

    /** The first {@code runs} columns of a row-major p×{@code models} matrix, row-major. */
    private static double[] runsOf(double[] matrix, int models, int runs) {
        if (models == runs) {
            return matrix;
        }
        int rows = matrix.length / models;
        double[] kept = new double[rows * runs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(matrix, r * models, kept, r * runs, runs);
        }
        return kept;
    }

    /**
     * One graph of a descent with its optimizer's memory and each model's rate: the runs alone, or the runs and
     * their twins.
     */
    private static final class Stage {
        final Descent descent;
        final DescentModels models;
        final UpdateRule rule;
        final INDArray activeRates;
        private final double[] rates;

        Stage(Descent descent, TrialBatch batch, double[] rates, int models) {
            this.descent = descent;
            this.models = descent.models();
            this.rates = rates;
            rule = batch.optimizer().rule(batch.start().layout(), models, batch.precision().dataType(),
                    batch.weightDecay());
            activeRates = Nd4j.create(Arrays.copyOf(rates, models), new long[] {1, models}, DataType.DOUBLE)
                    .castTo(batch.precision().dataType());
        }

        /** Moves the runs, each with its parameters, optimizer memory and frozen or not, from {@code from}. */
        void takeRuns(Stage from, int runs, TrajectoryRecorder[] recorders) {
            for (int i = 0; i < runs; i++) {
                setParameters(i, from.models.parametersOf(i));
                rule.copyMemory(from.rule, i, i);
                activeRates.putScalar(0, i, recorders[i].running() ? rates[i] : 0.0);
            }
        }

        /** Starts model {@code twin} at {@code state} with its run's optimizer memory, at its rate or frozen. */
        void startTwin(int run, int twin, Parameters state, boolean running) {
            setParameters(twin, state);
            rule.copyMemory(rule, run, twin);
            activeRates.putScalar(0, twin, running ? rates[twin] : 0.0);
        }

        /**
         * Sets each model's rate for the next step from its run's scheduled rate {@code scheduled}: a run's own, a
         * twin's its run's; 0 for a model that is frozen.
         */
        void schedule(double[] scheduled, TrajectoryRecorder[] recorders, int[] twinned, boolean[] twinRunning) {
            int runs = recorders.length;
            for (int i = 0; i < runs; i++) {
                activeRates.putScalar(0, i, recorders[i].running() ? scheduled[i] : 0.0);
            }
            for (int j = 0; runs + j < activeRates.columns(); j++) {
                activeRates.putScalar(0, runs + j, twinRunning[j] ? scheduled[twinned[j]] : 0.0);
            }
        }

        /** Freezes a model that diverged: back to the start with rate 0, its optimizer memory forgotten. */
        void freeze(int model, Parameters start) {
            activeRates.putScalar(0, model, 0.0);
            rule.reset(model);
            setParameters(model, start);
        }

        private void setParameters(int model, Parameters parameters) {
            models.setParameters(model, parameters);
            if (descent.whole() != models) {
                descent.whole().setParameters(model, parameters);
            }
        }
    }

    /**
     * The models' losses and accuracies on the held-out validation rows at the given parameters: the
     * validation models are moved there and evaluated once.
     */
    private record Held(double[] losses, double[] accuracies) {
        static final Held NONE = new Held(null, null);

        static Held at(DescentModels validation, Parameters[] parameters) {
            for (int i = 0; i < parameters.length; i++) {
                validation.setParameters(i, parameters[i]);
            }
            return new Held(validation.evaluate().losses(), validation.classifies() ? validation.accuracies() : null);
        }

        double loss(int model) {
            return losses == null ? Double.NaN : losses[model];
        }

        double accuracy(int model) {
            return accuracies == null ? Double.NaN : accuracies[model];
        }
    }

    private static void checkStartFits(FitData data, TrialBatch batch) {
        Layout needed = batch.model().layout(data.features());
        if (!batch.start().layout().equals(needed)) {
            throw new IllegalArgumentException("the start point holds " + batch.start().layout().arrays() + " but "
                    + batch.model() + " on " + data.features() + " features needs " + needed.arrays());
        }
    }
}
