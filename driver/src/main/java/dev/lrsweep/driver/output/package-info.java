/** The sweep's record with its provenance, and the files it is written to, each atomically. */
package dev.lrsweep.driver.output;
