package dev.lrsweep.driver.config;

/**
 * The dataset's source: exactly one of the two is set.
 *
 * @param synthetic   points generated around a known line
 * @param csv         a CSV file with a header row
 * @param standardize whether the features are centred and scaled by their mean and standard deviation
 *                    before fitting (the fitted parameters are reported in the original units too)
 */
public record DataConfig(SyntheticDataConfig synthetic, CsvDataConfig csv, Boolean standardize) {
}
