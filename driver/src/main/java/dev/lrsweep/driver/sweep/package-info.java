/**
 * One sweep from a checked config to its record, stage by stage ({@link dev.lrsweep.driver.sweep.SweepRunner}):
 * the data read and the fit planned, the theory computed and the grid cut into batches, the batches fitted on
 * Spark, the cells analysed into the record; and the progress line while it runs.
 */
package dev.lrsweep.driver.sweep;
