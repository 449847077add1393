/**
 * The plan of a sweep, decided before Spark runs a task: the grid of series, rates and step counts and its
 * batches, the start point, the parallelism, and what the sweep will cost in time and memory.
 */
package dev.lrsweep.driver.plan;
