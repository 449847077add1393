/**
 * The sweep's data: generated, from a CSV file, or a table Spark reads (its files listed and checked first, then one
 * pass on the executors that checks and measures it); the held-out rows, the standardisation, and the data's summary
 * and SHA-256 for results.json and the journal.
 */
package dev.lrsweep.driver.data;
