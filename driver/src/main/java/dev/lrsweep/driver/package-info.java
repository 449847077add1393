/**
 * The command line: {@code sweep run}, {@code find} and {@code report}, their options, the console's summary and
 * what a signal or a failure is called. The sweep itself runs in {@code sweep}; its plan (grid, cost, start
 * point) is in {@code plan}, the out dir's lock and journal in {@code safety}, Spark's side in {@code spark}, the
 * meaning of the numbers in {@code analysis}, the files in {@code output} and {@code report}.
 */
package dev.lrsweep.driver;
