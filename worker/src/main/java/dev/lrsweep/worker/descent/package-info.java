/**
 * Descents of a batch of rates: full batches and mini-batches on rows a task holds, or on slices held elsewhere;
 * the trajectories they record, the divergence rule, the sensitivity twins and the learning-rate range test.
 */
package dev.lrsweep.worker.descent;
