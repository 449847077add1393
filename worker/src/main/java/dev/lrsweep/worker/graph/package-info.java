/**
 * SameDiff graphs of k models at once: the graph a family's loss builds ({@link dev.lrsweep.worker.graph.ModelGraph}),
 * its gradient function run as a program laid out once, libnd4j's threads, and the sharpness measured by Lanczos
 * on Hessian-vector products.
 */
package dev.lrsweep.worker.graph;
