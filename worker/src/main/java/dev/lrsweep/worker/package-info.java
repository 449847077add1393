/**
 * The worker: gradient-descent fits of many learning rates at once in SameDiff graphs; no Spark here. This
 * package holds the vocabulary every part shares (the rows and their moments, a model's parameters and their
 * layout, the precision); {@code optimizer}, {@code graph}, {@code model} and {@code descent} build on it, each
 * only on those before it.
 */
package dev.lrsweep.worker;
