/**
 * The command line ({@code sweep run}, {@code sweep report}) and the orchestration of one sweep: the
 * grid, what it will cost, the out dir's lock and journal, the run from config to files. Spark's side
 * lives in {@code spark}, the meaning of the numbers in {@code analysis}, the files in {@code output}
 * and {@code report}.
 */
package dev.lrsweep.driver;
