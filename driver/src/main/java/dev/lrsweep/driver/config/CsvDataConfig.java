package dev.lrsweep.driver.config;

/**
 * A CSV file with a header row; every column but the label is a numeric feature.
 *
 * @param path  the file, relative to the config file's directory unless absolute
 * @param label the name of the label column
 */
public record CsvDataConfig(String path, String label) implements DataConfig.Source {

    @Override
    public String labelKey() {
        return "data.csv.label";
    }
}
