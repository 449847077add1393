package dev.lrsweep.driver.config;

import java.util.List;

/**
 * A table read with Spark's DataFrameReader, from any path Spark reads ({@code file:}, {@code hdfs:},
 * {@code s3a:} with the cluster's Hadoop settings; a path without a scheme is a local one, relative to the
 * config file's directory).
 *
 * @param path     the table: a file, or a directory of part files
 * @param format   {@code parquet} (the default), {@code orc}, {@code json} or {@code csv} (with a header row)
 * @param label    the label column
 * @param features the feature columns in order; by default every numeric column but the label
 */
public record TableDataConfig(String path, String format, String label, List<String> features)
        implements DataConfig.Source {

    @Override
    public String labelKey() {
        return "data.table.label";
    }
}
