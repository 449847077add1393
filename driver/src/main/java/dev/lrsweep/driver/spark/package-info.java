/**
 * Spark's side of a sweep: its settings and master checks, starting it, its memory, the rows as cached slices, the
 * fan-out of batches to tasks (with fault drills), data parallelism (the slices served by long-running tasks, or a
 * job a step), and theory's passes over the slices.
 */
package dev.lrsweep.driver.spark;
