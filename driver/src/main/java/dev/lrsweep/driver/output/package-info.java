/** The sweep's results as rows and curves, and the files they are written to, each atomically. */
package dev.lrsweep.driver.output;
