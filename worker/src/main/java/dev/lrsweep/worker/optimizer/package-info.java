/**
 * The optimizers, each defined as PyTorch defines it, and their update rules: one step of k models' parameters
 * from their gradient, each model at its own rate.
 */
package dev.lrsweep.worker.optimizer;
