/** Spark's side of a sweep: its settings and master checks, and the fan-out of batches to tasks (with fault drills). */
package dev.lrsweep.driver.spark;
