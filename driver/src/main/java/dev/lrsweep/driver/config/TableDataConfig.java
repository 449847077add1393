package dev.lrsweep.driver.config;

import java.util.List;
import java.util.Locale;

/**
 * A table read with Spark's DataFrameReader, from any path Spark reads ({@code file:}, {@code hdfs:},
 * {@code s3a:} with the cluster's Hadoop settings; a path without a scheme is a local one, relative to the
 * config file's directory).
 *
 * @param path     the table: a file, or a directory of part files
 * @param format   the table's file format
 * @param label    the label column
 * @param features the feature columns in order; empty for every numeric column but the label
 */
public record TableDataConfig(String path, Format format, String label, List<String> features)
        implements DataConfig.Source {

    @Override
    public String labelKey() {
        return "data.table.label";
    }

    /** The file formats Spark reads a table from. */
    public enum Format {
        PARQUET, ORC, JSON,
        /** With a header row. */
        CSV;

        /** The name in config files, and Spark's name of the format. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
