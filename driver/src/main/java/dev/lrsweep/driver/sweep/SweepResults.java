package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.analysis.CellRegime;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.QuadraticDescent;
import dev.lrsweep.driver.analysis.RegimeRules;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.plan.GridCell;
import dev.lrsweep.driver.plan.SweepGrid;
import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The collected trajectories laid out on the grid: exactly one row per cell in grid order, and one
 * loss curve per series and learning rate (for a schedule over the run's length, whose budgets are runs of their
 * own, the longest budget's).
 *
 * @param rows   one per grid cell
 * @param curves one per series and learning rate, in grid order
 */
record SweepResults(List<CellResult> rows, List<LossCurve> curves) {

    /**
     * Matches trajectories to cells by their key (series, rate, steps) and names each cell's regime.
     *
     * @param batches       the grid's batches
     * @param byBatch       every batch's trajectories, by the batch's index in {@code batches}
     * @param floorOf       each series' floor, the loss the regimes measure the excess from
     * @param originalUnits for a sweep on standardised features, turns fitted parameters into the data's
     *                      own units; else null
     * @param optimumOf     each series' exact optimum in the fitted units (θ*, or under weight decay the ridge
     *                      solution), where it is known; else null
     * @throws IllegalStateException if a cell has no result or a result has no cell, which would be a bug
     */
    static SweepResults of(SweepGrid grid, List<TrialBatch> batches, Map<Integer, List<Trajectory>> byBatch,
                           RegimeRules rules, ToDoubleFunction<Series> floorOf, UnaryOperator<double[]> originalUnits,
                           Function<Series, double[]> optimumOf) {
        Map<GridCell, CellResult> byCell = new HashMap<>();
        Map<CurveKey, LossCurve> byRate = new HashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            Series series = Series.of(batches.get(b));
            double floor = floorOf.applyAsDouble(series);
            double[] optimum = optimumOf.apply(series);
            for (Trajectory trajectory : byBatch.get(b)) {
                LossCurve curve = curve(series, trajectory);
                // a schedule over the run's length runs each budget apart: the longest run's curve stands for them
                LossCurve kept = byRate.merge(new CurveKey(series, trajectory.learningRate()), curve,
                        (one, other) -> !series.runPerBudget() ? null : longer(one, other));
                if (kept == null) {
                    throw new IllegalStateException("two trajectories for learning rate " + trajectory.learningRate()
                            + " of " + series.label());
                }
                for (FitState state : trajectory.states()) {
                    byCell.put(new GridCell(series, trajectory.learningRate(), state.steps()),
                            row(series, trajectory, curve, state, rules, floor, originalUnits, optimum,
                                    batches.get(b).precision().chaoticSensitivity()));
                }
            }
        }
        List<GridCell> cells = grid.cells();
        if (byCell.size() != cells.size() || !byCell.keySet().containsAll(cells)) {
            throw new IllegalStateException("results cover " + byCell.size() + " cells, the grid has " + cells.size());
        }
        List<CellResult> rows = cells.stream().map(byCell::get).toList();
        List<LossCurve> curves = new ArrayList<>();
        for (SweepGrid.SeriesSpec spec : grid.series()) {
            for (double rate : grid.learningRates()) {
                curves.add(byRate.get(new CurveKey(spec.key(), rate)));
            }
        }
        return new SweepResults(rows, curves);
    }

    /** Of two runs' curves, the one recorded further (the longer run's). */
    private static LossCurve longer(LossCurve one, LossCurve other) {
        int oneEnd = one.steps().length == 0 ? -1 : one.steps()[one.steps().length - 1];
        int otherEnd = other.steps().length == 0 ? -1 : other.steps()[other.steps().length - 1];
        return otherEnd > oneEnd ? other : one;
    }

    /** A loss curve's key: one per series and rate. */
    private record CurveKey(Series series, double learningRate) {
    }

    private static LossCurve curve(Series series, Trajectory trajectory) {
        return new LossCurve(series.optimizer().label(), series.batchSize(), series.seed(),
                series.schedule().label(), series.weightDecay(), trajectory.learningRate(),
                trajectory.status(), step(trajectory.divergedAtStep()), step(trajectory.firstRiseStep()),
                trajectory.sharpnessStart(), trajectory.curveSteps(), trajectory.lossCurve(), trajectory.reversals());
    }

    private static CellResult row(Series series, Trajectory trajectory, LossCurve curve, FitState state,
                                  RegimeRules rules, double floor, UnaryOperator<double[]> originalUnits,
                                  double[] optimum, double chaoticSensitivity) {
        CellRegime regime = rules.classify(state.status() == TrialStatus.FAILED, state.steps(), state.loss(), curve,
                floor);
        return new CellResult(series.optimizer().label(), series.batchSize(), series.seed(),
                series.schedule().label(), series.weightDecay(), trajectory.learningRate(),
                state.steps(), state.status(), regime.regime(), state.loss(), regime.excessLoss(), state.accuracy(),
                state.sharpness(), state.validationLoss(), state.validationAccuracy(),
                optimum == null || state.status() == TrialStatus.FAILED ? Double.NaN
                        : QuadraticDescent.distance(state.parameters().values(), optimum),
                state.parameters().values(),
                originalUnits == null ? null : originalUnits.apply(state.parameters().values()), regime.leftAtStep(),
                regime.divergedBecause(), regime.spike(), regime.unstableRange(), state.sensitivity(),
                state.sensitivity() > chaoticSensitivity, trajectory.failure());
    }

    /**
     * The lowest finite loss any run reached on all the rows, on its recorded curve (a full-batch run's; a
     * mini-batch run's curve holds each step's mini-batch loss, which a lucky batch puts below any loss on all
     * the rows) or at a step count: the floor where no optimal loss is known. NaN if no run has a finite loss.
     *
     * @param byBatch every batch's trajectories, by the batch's index in {@code batches}
     */
    static double bestLoss(List<TrialBatch> batches, Map<Integer, List<Trajectory>> byBatch) {
        return bestLoss(batches, byBatch, series -> true);
    }

    /** {@link #bestLoss} over the batches of the series {@code of} accepts. */
    static double bestLoss(List<TrialBatch> batches, Map<Integer, List<Trajectory>> byBatch,
                           Predicate<Series> of) {
        double best = Double.NaN;
        for (int b = 0; b < batches.size(); b++) {
            if (!of.test(Series.of(batches.get(b)))) {
                continue;
            }
            boolean wholeRowCurves = batches.get(b).batchSize() == TrialBatch.FULL_BATCH;
            for (Trajectory trajectory : byBatch.get(b)) {
                if (wholeRowCurves) {
                    for (double loss : trajectory.lossCurve()) {
                        best = Double.isFinite(loss) && !(loss >= best) ? loss : best;
                    }
                }
                for (FitState state : trajectory.states()) {
                    best = Double.isFinite(state.loss()) && !(state.loss() >= best) ? state.loss() : best;
                }
            }
        }
        return best;
    }

    /** The sharpness at the start the runs measured (the same for all: they share the start), or null. */
    static Double measuredSharpnessStart(List<Trajectory> trajectories) {
        return trajectories.stream().mapToDouble(Trajectory::sharpnessStart).filter(Double::isFinite).boxed()
                .findFirst().orElse(null);
    }

    /** A step the worker reports as -1 when it never happened, as null. */
    private static Integer step(int step) {
        return step < 0 ? null : step;
    }
}
