package dev.lrsweep.driver.config;

/**
 * The dataset.
 *
 * @param source      where the rows come from
 * @param standardize whether the features are centred and scaled by their mean and standard deviation
 *                    before fitting (the fitted parameters are reported in the original units too)
 * @param validation  rows held out of the fit to measure each cell on, or null
 */
public record DataConfig(Source source, boolean standardize, ValidationConfig validation) {

    /** Where the rows come from: one of the three kinds a config names, or a Dataset the Java API is given. */
    public sealed interface Source permits SyntheticDataConfig, CsvDataConfig, TableDataConfig, GivenDataConfig {
        /** The config key naming the labels, for messages about them. */
        String labelKey();
    }
}
