package dev.lrsweep.driver.config;

/**
 * Where the result files go.
 *
 * @param dir the output directory
 */
public record OutputConfig(String dir) {
}
