package dev.lrsweep.driver.analysis;

import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.optimizer.Optimizer;

/**
 * Which rates of a series run a sensitivity twin: a second trajectory beside the run, in the 100 steps before each
 * step count ({@link TrialBatch#twinWindows}), from the run's state moved by a rounding-sized offset, whose relative
 * loss difference tells whether a cell's digits are rounding's. Past the stability limit a trajectory is chaotic
 * (rounding differences of 1e-16 grow to O(1) within 100 steps), well below it they shrink, so {@code auto} twins
 * only the rates that can be chaotic:
 * <ol>
 *   <li>the rates at or above half of the series' {@code lr_critical} (see {@link OptimizerTheory});</li>
 *   <li>where theory has none, at or above the range test's steepest rate, where a range test ran;</li>
 *   <li>else at or above half of the optimizer's limit at the start point, from λ_max of the Hessian there
 *       ({@code sharpness_start}): a network's, measured before the fits;</li>
 *   <li>else (Adam, whose limit has no closed form) every rate.</li>
 * </ol>
 */
public final class SensitivityTwins {

    private SensitivityTwins() {
    }

    /**
     * Whether the twins' plan needs {@code sharpness_start} before the fits: {@code auto} with no
     * {@code lr_critical}, no range test and no sharpness from theory.
     */
    public static boolean needsSharpnessStart(RegimeConfig.Sensitivity mode, Theory theory, RangeTestRun rangeTest) {
        return mode == RegimeConfig.Sensitivity.AUTO && theory.lrCritical() == null && rangeTest == null
                && theory.sharpnessStart() == null;
    }

    /**
     * The smallest rate of a series that runs a twin ({@link TrialBatch#twinsFrom()}).
     *
     * @param series    the series
     * @param optimizer its optimizer
     * @param theory    the sweep's theory, with {@code sharpness_start} where {@link #needsSharpnessStart} asked for it
     * @param rangeTest the range tests that laid the rates, or null
     */
    public static double from(RegimeConfig.Sensitivity mode, Series series, Optimizer optimizer, Theory theory,
                              RangeTestRun rangeTest) {
        if (mode == RegimeConfig.Sensitivity.OFF) {
            return TrialBatch.NO_TWINS;
        }
        if (mode == RegimeConfig.Sensitivity.ON) {
            return 0;
        }
        Double critical = OptimizerTheory.lrCritical(optimizer, theory.lrCritical());
        if (critical != null) {
            return critical / 2;
        }
        if (rangeTest != null) {
            Double steepest = rangeTest.runs().stream()
                    .filter(run -> run.series().equals(series.pooled()) && run.steepest() != null)
                    .map(RangeTestResult::steepest).findFirst().orElse(null);
            if (steepest != null) {
                return steepest;
            }
        }
        Double atStart = theory.sharpnessStart() == null || !(theory.sharpnessStart() > 0) ? null
                : OptimizerTheory.lrCritical(optimizer, 2 / theory.sharpnessStart());
        return atStart != null ? atStart / 2 : 0;
    }
}
