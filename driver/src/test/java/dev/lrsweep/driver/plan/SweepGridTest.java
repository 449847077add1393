package dev.lrsweep.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
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
     * B4 itself, steps 100 and 500: a twin runs 200 of the 500 steps. Cut 8 and 8, the second batch's 8 models in
     * one vector outside the windows and 15 in two inside them (0.6 + 0.8 = 1.4 vectors), rather than 9 and 7 (the
     * first batch's 9 models in two vectors at every step: 2).
     */
    @Test
    void aTwinWeighsTheShareOfTheStepsItRunsAndBatchesFillWholeVectors() {
        SweepGrid grid = grid("{learning_rates: {from: 0.01, to: 1000, count: 16}, steps: [100, 500], "
                + "rates_per_task: 8}");
        double twinsFrom = grid.learningRates()[9];

        List<TrialBatch> batches = grid.batches(ModelSpec.linear(), LinearStart.of(new double[] {0}, -1), 1e6, 10,
                Precision.FLOAT64, false, spec -> twinsFrom);

        assertThat(batches).extracting(batch -> batch.learningRates().length).containsExactly(8, 8);
    }

    /** 30 rates in 4 batches, the last 13 twinned: no cut of the rates has a costlier batch costing less. */
    @Test
    void theCutsCostliestBatchCostsLeastOfAllCuts() {
        SweepGrid grid = grid("{learning_rates: {from: 0.01, to: 1000, count: 30}, steps: [100, 500], "
                + "rates_per_task: 8}");
        double twinsFrom = grid.learningRates()[17];
        double share = TrialBatch.twinShare(new int[] {100, 500});

        List<TrialBatch> batches = grid.batches(ModelSpec.linear(), LinearStart.of(new double[] {0}, -1), 1e6, 10,
                Precision.FLOAT64, false, spec -> twinsFrom);

        assertThat(batches).hasSize(4);
        double chosen = batches.stream().mapToDouble(batch -> vectors(batch.learningRates().length,
                (int) Arrays.stream(batch.learningRates()).filter(rate -> rate >= twinsFrom).count(), share))
                .max().orElseThrow();
        double least = Double.POSITIVE_INFINITY;
        for (int a = 1; a < 30; a++) {
            for (int b = a + 1; b < 30; b++) {
                for (int c = b + 1; c < 30; c++) {
                    int[] cuts = {0, a, b, c, 30};
                    double worst = 0;
                    for (int i = 0; i < 4; i++) {
                        int twins = Math.max(0, cuts[i + 1] - Math.max(cuts[i], 17));
                        worst = Math.max(worst, vectors(cuts[i + 1] - cuts[i], twins, share));
                    }
                    least = Math.min(least, worst);
                }
            }
        }
        assertThat(chosen).isEqualTo(least);
        assertThat(java.util.stream.Stream.of(batches.toArray(TrialBatch[]::new)).flatMapToDouble(batch ->
                Arrays.stream(batch.learningRates())).toArray()).containsExactly(grid.learningRates());
    }

    /** A batch's whole vectors of 8 models per step, its twins counted in their share of the steps. */
    private static double vectors(int rates, int twins, double share) {
        return (1 - share) * Math.ceil(rates / 8.0) + share * Math.ceil((rates + twins) / 8.0);
    }
}
