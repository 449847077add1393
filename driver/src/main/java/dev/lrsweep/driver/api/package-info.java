/**
 * The Java API for Spark applications: {@link dev.lrsweep.driver.api.Sweep#run} runs a sweep on the application's
 * own {@code SparkSession}, from a {@link dev.lrsweep.driver.api.SweepSpec} (a YAML config, or one built in code) and
 * optionally rows of a {@code Dataset<Row>} already in the session, and returns a
 * {@link dev.lrsweep.driver.api.SweepResult}: the cells as a {@code Dataset<Row>}, the series, theory and suggestions
 * as typed values, and the out dir's files on request.
 */
package dev.lrsweep.driver.api;
