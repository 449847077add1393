package dev.lrsweep.driver.config;

/**
 * The dataset's source: exactly one of the two is set.
 *
 * @param synthetic points generated around a known line
 * @param csv       a CSV file with a header row
 */
public record DataConfig(SyntheticDataConfig synthetic, CsvDataConfig csv) {
}
