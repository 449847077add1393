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
     * @throws SweepInputException if no run suggests a rate (every run stopped within a few steps)
     */
    public static RangeTestRun laying(List<RangeTestResult> runs) {
        double smallest = runs.stream().filter(run -> run.steepest() != null).mapToDouble(RangeTestResult::steepest)
                .min().orElseThrow(() -> new SweepInputException("grid.learning_rates: auto: every range test run "
                        + "stopped within a few steps, too few to suggest a rate; start it lower (range_test.from)"));
        double largest = runs.stream().filter(run -> run.steepest() != null).mapToDouble(RangeTestResult::steepest)
                .max().orElseThrow();
        return new RangeTestRun(runs, smallest / Math.pow(10, DECADES_BELOW), largest * Math.pow(10, DECADES_ABOVE));
    }
}
