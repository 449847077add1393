package dev.lrsweep.driver.output;

/**
 * Wall-clock seconds spent in each phase of a sweep.
 *
 * @param loadSeconds       reading the config and loading the data
 * @param sparkStartSeconds starting the Spark context
 * @param fitSeconds        the Spark job: from the dataset in memory to every trajectory on the driver
 * @param foreseenFitSeconds what the cost model foresaw for the fit before it started (all of it, on a resume)
 * @param totalSeconds      from the start of the command to the last file written
 */
public record Timings(double loadSeconds, double sparkStartSeconds, double fitSeconds, double foreseenFitSeconds,
                      double totalSeconds) {
}
