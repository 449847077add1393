package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.TrialBatch;

/**
 * A series of the grid's cells: those of one optimizer, one batch size and, for mini-batches, one seed. Every
 * cell and loss curve belongs to one.
 *
 * @param optimizer the optimizer's label ({@code gd}, {@code momentum 0.9}, {@code adam}, …; see
 *                  {@code Optimizer.label})
 * @param batchSize the rows per mini-batch, or null for the full batch
 * @param seed      the seed of the mini-batches' shuffles, or null for the full batch
 */
public record Series(String optimizer, Integer batchSize, Integer seed) {

    /** The series a batch's cells belong to. */
    public static Series of(TrialBatch batch) {
        boolean full = batch.batchSize() == TrialBatch.FULL_BATCH;
        return new Series(batch.optimizer().label(), full ? null : batch.batchSize(), full ? null : (int) batch.seed());
    }

    /** The series with its seeds pooled: what a summary over seeds describes. */
    public Series pooled() {
        return new Series(optimizer, batchSize, null);
    }

    /** In words: {@code gd}, {@code adam, batch 64}, {@code adam, batch 64, seed 2}. */
    public String label() {
        return optimizer + (batchSize == null ? "" : ", batch " + batchSize) + (seed == null ? "" : ", seed " + seed);
    }
}
