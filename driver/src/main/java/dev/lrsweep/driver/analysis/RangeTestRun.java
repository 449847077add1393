package dev.lrsweep.driver.analysis;

import dev.lrsweep.driver.config.SweepInputException;
import java.util.List;

/**
 * The range tests of a sweep, one per optimizer and batch size, and for {@code grid.learning_rates: auto} the
 * range of rates laid from them: from {@value #DECADES_BELOW} decades below the smallest steepest-descent
 * suggestion to {@value #DECADES_ABOVE} decades above the largest, so that the grid reaches from rates too small
 * to move the loss within a step budget to rates past where the loss explodes.
 *
 * @param runs     one per optimizer and batch size, in the grid's order
 * @param gridFrom the smallest rate laid for {@code auto}, or null
 * @param gridTo   the largest rate laid for {@code auto}, or null
 */
public record RangeTestRun(List<RangeTestResult> runs, Double gridFrom, Double gridTo) {
    public static final int DECADES_BELOW = 2;
    public static final int DECADES_ABOVE = 2;

    /**
     * The runs with the range {@code auto} lays around their steepest-descent suggestions.
     *
     * @param to    the range test's last rate ({@code range_test.to})
     * @param steps its most steps ({@code range_test.steps})
     * @throws SweepInputException if no run suggests a rate (too few steps, or every run stopped within a few), or
     *                             no run's loss exploded before the last rate: its steepest fall may then lie
     *                             anywhere below the rates that matter, and a grid laid around it would miss them
     */
    public static RangeTestRun laying(List<RangeTestResult> runs, double to, int steps) {
        if (runs.stream().allMatch(run -> run.steepest() == null)) {
            boolean tookEveryStep = runs.stream().allMatch(run -> run.rates().length >= steps);
            throw new SweepInputException("grid.learning_rates: auto: " + (tookEveryStep
                    ? "the range test's " + steps + " steps are too few to suggest a rate; use more range_test.steps "
                        + "(the default is 100)"
                    : "every range test run stopped within a few steps, too few to suggest a rate; start it lower "
                        + "(range_test.from)"));
        }
        if (runs.stream().noneMatch(RangeTestResult::exploded)) {
            Double lrCritical = runs.get(0).lrCritical();
            throw new SweepInputException("grid.learning_rates: auto: the range test reached its last rate ("
                    + "range_test.to " + SweepAnalysis.rate(to) + ") without the loss rising, so its suggestions may lie "
                    + "far below the rates that matter; raise range_test.to" + (lrCritical == null ? ""
                    : " (lr_critical is " + SweepAnalysis.rate(lrCritical) + ")"));
        }
        double smallest = runs.stream().filter(run -> run.steepest() != null).mapToDouble(RangeTestResult::steepest)
                .min().orElseThrow();
        double largest = runs.stream().filter(run -> run.steepest() != null).mapToDouble(RangeTestResult::steepest)
                .max().orElseThrow();
        return new RangeTestRun(runs, smallest / Math.pow(10, DECADES_BELOW), largest * Math.pow(10, DECADES_ABOVE));
    }

    /**
     * The caveat of each run whose loss never rose before its last rate, e.g. {@code gd reached the last rate
     * (1e-08) without the loss rising: its suggestions may lie far below the rates that matter; raise
     * range_test.to}; empty if every run's loss rose.
     */
    public List<String> caveats() {
        return runs.stream().filter(run -> !run.exploded()).map(run -> run.series().label() + " reached the last rate ("
                + SweepAnalysis.rate(run.rates()[run.rates().length - 1]) + ") without the loss rising: its suggestions "
                + "may lie far below the rates that matter; raise range_test.to").toList();
    }
}
