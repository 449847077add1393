package dev.lrsweep.driver.config;

/**
 * The dataset's source: exactly one of the three is set.
 *
 * @param synthetic   points generated around a known line
 * @param csv         a CSV file with a header row, read by the driver
 * @param table       a table read by Spark (Parquet, ORC, JSON, CSV), whose rows may stay on the executors
 * @param standardize whether the features are centred and scaled by their mean and standard deviation
 *                    before fitting (the fitted parameters are reported in the original units too)
 * @param validation  rows held out of the fit to measure each cell on, or null
 */
public record DataConfig(SyntheticDataConfig synthetic, CsvDataConfig csv, TableDataConfig table, Boolean standardize,
                         ValidationConfig validation) {

    /** Where the rows come from: one of the three kinds of source. */
    public sealed interface Source permits SyntheticDataConfig, CsvDataConfig, TableDataConfig {
        /** The config key naming the labels, for messages about them. */
        String labelKey();
    }

    /** The source that is set; call on a checked config. */
    public Source source() {
        return synthetic != null ? synthetic : csv != null ? csv : table;
    }
}
