package dev.lrsweep.driver.plan;

import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Locale;

/**
 * How a sweep shares its work out ({@code fit.parallelism} resolved), and why.
 * <ul>
 *   <li>Mini-batches are drawn from the whole rows: grid parallelism, every task holding them.</li>
 *   <li>A linear model fits on the data's moments, (d+1)² numbers computed where the rows are, in either
 *       mode: its rows are never broadcast nor read again.</li>
 *   <li>{@code auto} chooses {@code grid} for data the driver holds anyway (a CSV file, generated data) where a
 *       grid task's graph takes at most {@value #GRAPH_MEMORY_SHARE} of a task's share of memory (see
 *       {@link SweepCost#taskGraphBytes}), and for a table whose rows (8 bytes per value) fit in
 *       {@value #GRID_SHARE} of an executor's memory (in local mode, the driver's heap), where every task
 *       holds them beside the graph's own arrays and Spark's; else {@code data}.</li>
 * </ul>
 *
 * @param mode   {@code grid} or {@code data}
 * @param reason why, in words, for the console and results.json
 */
public record FitPlan(FitConfig.Parallelism mode, String reason) {
    /** The share of an executor's memory that a table's rows may take for {@code auto} to choose {@code grid}. */
    static final double GRID_SHARE = 0.25;
    /** The share of a task's memory a grid task's graph may take for {@code auto} to choose {@code grid}. */
    static final double GRAPH_MEMORY_SHARE = 0.5;

    /**
     * @param requested     the config's {@code fit.parallelism}
     * @param miniBatches   whether any series of the grid steps on mini-batches
     * @param table         whether the data is a table Spark reads (else the driver holds the rows)
     * @param executorBytes an executor's memory
     * @param taskGraphBytes the memory a grid task's graph would hold (see {@link SweepCost#taskGraphBytes})
     * @param taskMemory     a task's share of memory: of the machine's in local mode, of an executor's on a cluster
     * @throws SweepInputException for data parallelism asked for with mini-batches, or grid parallelism whose tasks'
     *                             graphs would not fit in memory
     */
    public static FitPlan of(FitConfig.Parallelism requested, ModelSpec model, boolean miniBatches, boolean table, long rows,
                      int features, long executorBytes, long taskGraphBytes, long taskMemory) {
        if (miniBatches) {
            if (requested == FitConfig.Parallelism.DATA) {
                throw new SweepInputException("fit.parallelism: data fits full batches only, and grid.batch_sizes "
                        + "asks for mini-batches: use fit.parallelism grid (or auto)");
            }
            return new FitPlan(FitConfig.Parallelism.GRID, "mini-batches (grid.batch_sizes) are drawn from the whole "
                    + "rows, which every task holds");
        }
        if (!model.readsRows()) {
            return new FitPlan(FitConfig.Parallelism.GRID, "a linear model fits on the data's moments ("
                    + (features + 1) + "² numbers" + (table ? ", computed on the executors" : "")
                    + "), whatever the row count");
        }
        if (requested == FitConfig.Parallelism.GRID && taskGraphBytes > taskMemory) {
            throw new SweepInputException("fit.parallelism: grid: a task's graph would hold about "
                    + megabytes(taskGraphBytes) + " (rows × rates per task × hidden units), more than a task's share of "
                    + "memory (" + megabytes(taskMemory) + "): use fit.parallelism data or auto, or fewer "
                    + "grid.rates_per_task");
        }
        if (requested != FitConfig.Parallelism.AUTO) {
            return new FitPlan(requested, "fit.parallelism: " + requested.label());
        }
        if (!table) {
            // a grid task's graph holds arrays of rows × its models × hidden units (measured, docs/memory-model.md):
            // beyond half of a task's share of memory, the tasks side by side and Spark's own would not fit
            boolean fits = taskGraphBytes <= GRAPH_MEMORY_SHARE * taskMemory;
            return new FitPlan(fits ? FitConfig.Parallelism.GRID : FitConfig.Parallelism.DATA, fits
                    ? "the driver holds the rows already"
                    : "a grid task's graph would hold about " + megabytes(taskGraphBytes) + " (rows × rates per task × "
                    + "hidden units), more than half of a task's share of memory (" + megabytes(taskMemory) + ")");
        }
        long bytes = rows * (features + 1) * 8L;
        boolean fits = bytes <= GRID_SHARE * executorBytes;
        return new FitPlan(fits ? FitConfig.Parallelism.GRID : FitConfig.Parallelism.DATA, "the rows ("
                + megabytes(bytes) + ") " + (fits ? "fit" : "do not fit") + " in a quarter of an executor's memory ("
                + megabytes(executorBytes) + ")");
    }

    /** The plan with where data parallelism caches the slices, said in its reason. */
    public FitPlan cachedIn(String where) {
        return new FitPlan(mode, reason + "; the rows are cached in " + where);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
