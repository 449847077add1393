package dev.lrsweep.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepGridTest {

    private static SweepGrid grid(String gridYaml) {
        return SweepGrid.of(ConfigLoader.parse("data: {synthetic: {weights: [1]}}\ngrid: " + gridYaml, "t.yaml").grid());
    }

    @Test
    void aLogRangeHasExactEndsAndAConstantRatio() {
        double[] rates = grid("{learning_rates: {from: 1.0e-3, to: 10, count: 20}, steps: [1]}").learningRates();

        assertThat(rates).hasSize(20);
        assertThat(rates[0]).isEqualTo(1e-3);
        assertThat(rates[19]).isEqualTo(10.0);
        double ratio = Math.pow(10, 4.0 / 19);
        for (int i = 1; i < rates.length; i++) {
            assertThat(rates[i] / rates[i - 1]).isCloseTo(ratio, within(1e-12));
        }
    }

    @Test
    void aLinearRangeIsEvenlySpaced() {
        assertThat(grid("{learning_rates: {from: 0.1, to: 0.5, count: 5, scale: linear}, steps: [1]}").learningRates())
                .containsExactly(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, within(1e-15));
    }

    @Test
    void cellsGoByRateAscendingThenStepsAscending() {
        List<GridCell> cells = grid("{learning_rates: [0.5, 0.01], steps: [100, 10]}").cells();

        Series gd = Series.of("gd", null, null, null, 0);
        assertThat(cells).containsExactly(new GridCell(gd, 0.01, 10), new GridCell(gd, 0.01, 100),
                new GridCell(gd, 0.5, 10), new GridCell(gd, 0.5, 100));
    }

    @Test
    void batchesAreConsecutiveRatesOfTheConfiguredSize() {
        SweepGrid grid = grid("{learning_rates: [0.1, 0.2, 0.3, 0.4, 0.5], steps: [20, 10], rates_per_task: 2}");

        List<TrialBatch> batches = grid.batches(ModelSpec.linear(), LinearStart.of(new double[] {0}, -1), 1e6, 10,
                Precision.FLOAT64, false, spec -> TrialBatch.NO_TWINS);

        assertThat(batches).extracting(TrialBatch::learningRates).containsExactly(
                new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, new double[] {0.5});
        assertThat(batches).allSatisfy(batch -> assertThat(batch.stepCounts()).containsExactly(10, 20));
    }

    /** B4's shape: 16 rates, 8 a task, the 7 largest twinned: 23 models, cut 11 and 12 rather than 8 and 15. */
    @Test
    void batchesWithTwinsHoldAboutAsManyModelsEach() {
        SweepGrid grid = grid("{learning_rates: {from: 0.01, to: 1000, count: 16}, steps: [10], rates_per_task: 8}");
        double twinsFrom = grid.learningRates()[9];

        List<TrialBatch> batches = grid.batches(ModelSpec.linear(), LinearStart.of(new double[] {0}, -1), 1e6, 10,
                Precision.FLOAT64, false, spec -> twinsFrom);

        assertThat(batches).extracting(TrialBatch::models).containsExactly(11, 12);
        assertThat(batches).extracting(batch -> batch.learningRates().length).containsExactly(10, 6);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.twinsFrom()).isEqualTo(twinsFrom));
        // every rate once, in order
        assertThat(java.util.stream.Stream.of(batches.get(0).learningRates(), batches.get(1).learningRates())
                .flatMapToDouble(java.util.Arrays::stream).toArray()).containsExactly(grid.learningRates());
    }

    /**
     * B4 itself, steps 100 and 500: a twin runs 200 of the 500 steps, so the 7 twinned rates weigh 1.4 each and the
     * 9 others 1: 9 and 9.8 of the 18.8, cut 9 and 7 rather than 10 (10.4) and 6.
     */
    @Test
    void aTwinWeighsTheShareOfTheStepsItRuns() {
        SweepGrid grid = grid("{learning_rates: {from: 0.01, to: 1000, count: 16}, steps: [100, 500], "
                + "rates_per_task: 8}");
        double twinsFrom = grid.learningRates()[9];

        List<TrialBatch> batches = grid.batches(ModelSpec.linear(), LinearStart.of(new double[] {0}, -1), 1e6, 10,
                Precision.FLOAT64, false, spec -> twinsFrom);

        assertThat(batches).extracting(batch -> batch.learningRates().length).containsExactly(9, 7);
    }
}
