package dev.lrsweep.driver.config;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows a Spark application gives the sweep as a {@code Dataset<Row>} of its session (the Java API), read as a table
 * Spark reads from files is: a label column, and feature columns of numbers, or of Spark ML vectors or arrays.
 *
 * @param rows     the Dataset
 * @param label    the label column
 * @param features the feature columns in order; empty for every numeric column but the label
 */
public record GivenDataConfig(Dataset<Row> rows, String label, List<String> features) implements DataConfig.Source {

    /** Copies the features. */
    public GivenDataConfig {
        if (rows == null || label == null || label.isBlank()) {
            throw new SweepInputException("data: a Dataset<Row> and its label column are both needed");
        }
        features = List.copyOf(features);
        if (features.contains(label)) {
            throw new SweepInputException("data: the features name the label column '" + label + "'");
        }
        if (features.stream().distinct().count() < features.size()) {
            throw new SweepInputException("data: the features name a column twice: " + features);
        }
    }

    @Override
    public String labelKey() {
        return "data.table.label";
    }
}
