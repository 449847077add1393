/** The Spark application: command line, grid, fan-out of batches to workers, collection of results. */
package dev.lrsweep.driver;
