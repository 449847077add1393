/** Loads the sweep's dataset, generated or from CSV, into the worker's plain-array form with a summary. */
package dev.lrsweep.driver.data;
