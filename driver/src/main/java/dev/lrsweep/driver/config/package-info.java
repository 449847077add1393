/** The sweep's YAML configuration: its records, their defaults, and the checks that run before Spark starts. */
package dev.lrsweep.driver.config;
