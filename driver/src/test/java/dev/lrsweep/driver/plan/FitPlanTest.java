package dev.lrsweep.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** auto keeps the rows the driver holds in grid tasks unless a task's graph would not fit beside the others. */
class FitPlanTest {
    private static final ModelSpec NETWORK = ModelSpec.mlp(new int[] {16}, ModelSpec.Activation.TANH,
            ModelSpec.Loss.CROSS_ENTROPY);
    /** This machine: 24 GB over 2 cores. */
    private static final long TASK_MEMORY = 12L << 30;

    private static FitPlan auto(ModelSpec model, long rows, int models) {
        return FitPlan.of(FitConfig.Parallelism.AUTO, model, false, false, rows, 8, Long.MAX_VALUE,
                SweepCost.taskGraphBytes(model, rows, 8, models, Precision.FLOAT64), TASK_MEMORY);
    }

    @Test
    void aNetworkOnTwoMillionRowsGoesDataParallelWhereItsGridTasksWouldNotFit() {
        // 9 arrays of 2,000,000 × 4 models × 16 units, the rows and the parameters: 9.4 GB a task, beyond half of 12.9 GB
        // (measured: 1.37 GB peak resident at 200,000 rows, flat over 300 steps; docs/memory-model.md)
        FitPlan plan = auto(NETWORK, 2_000_000, 4);

        assertThat(SweepCost.taskGraphBytes(NETWORK, 2_000_000, 8, 4, Precision.FLOAT64))
                .isEqualTo(8L * 2_000_000 * (SweepCost.ROW_ARRAYS * 4 * 16 + 2 * 9)
                        // the output layer is a batch of 4 products: nothing beyond the parameter arrays
                        + 8L * SweepCost.PARAMETER_ARRAYS * 4 * (8 * 16 + 16 + 16 + 1));
        assertThat(plan.mode()).isEqualTo(FitConfig.Parallelism.DATA);
        assertThat(plan.reason()).contains("a grid task's graph would hold about 9504 MB");
        assertThat(auto(NETWORK, 1_000_000, 4).mode()).isEqualTo(FitConfig.Parallelism.GRID);
    }

    @Test
    void smallerGraphsStayInGridTasks() {
        assertThat(auto(NETWORK, 10_000, 8).mode()).isEqualTo(FitConfig.Parallelism.GRID);
        assertThat(auto(ModelSpec.logistic(), 1_000_000, 8).mode()).isEqualTo(FitConfig.Parallelism.GRID);
        assertThat(auto(ModelSpec.linear(), 100_000_000, 64).mode()).isEqualTo(FitConfig.Parallelism.GRID);
        // asked for, grid is kept where the graph fits in a task's share at all
        assertThat(FitPlan.of(FitConfig.Parallelism.GRID, NETWORK, false, false, 2_000_000, 8, Long.MAX_VALUE,
                SweepCost.taskGraphBytes(NETWORK, 2_000_000, 8, 4, Precision.FLOAT64), TASK_MEMORY).mode())
                .isEqualTo(FitConfig.Parallelism.GRID);
    }

    @Test
    void gridTasksWhoseGraphsCannotFitAreRefusedInOneLine() {
        long graph = SweepCost.taskGraphBytes(NETWORK, 4_000_000, 8, 4, Precision.FLOAT64);

        assertThatThrownBy(() -> FitPlan.of(FitConfig.Parallelism.GRID, NETWORK, false, false, 4_000_000, 8,
                Long.MAX_VALUE, graph, TASK_MEMORY))
                .isInstanceOf(SweepInputException.class)
                .hasMessage("fit.parallelism: grid: a task's graph would hold about 19008 MB (rows × rates per task × "
                        + "hidden units), more than a task's share of memory (12885 MB): use fit.parallelism data or "
                        + "auto, or fewer grid.rates_per_task");
    }
}
