package dev.lrsweep.driver.config;

import java.util.Map;

/**
 * Where Spark runs the sweep.
 *
 * @param master   a Spark master URL, e.g. {@code local[*]} or {@code spark://host:7077}
 * @param settings extra Spark settings, e.g. {@code spark.executor.memory: 4g}
 */
public record SparkConfig(String master, Map<String, String> settings) {
}
