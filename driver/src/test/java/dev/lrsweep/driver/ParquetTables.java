package dev.lrsweep.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes the tests' Parquet tables with a local Spark session of their own, stopped before the sweeps start. */
final class ParquetTables {

    /**
     * A table to write.
     *
     * @param path  where
     * @param rows  its rows
     * @param files how many Parquet files hold them
     */
    record Table(Path path, List<Row> rows, int files) {
    }

    private ParquetTables() {
    }

    /** Writes {@code from}'s rows again as {@code change} makes them, in the same files and order. */
    static void rewrite(Path from, Path to, UnaryOperator<Dataset<Row>> change) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-tables")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            change.apply(spark.read().parquet(from.toString())).write().parquet(to.toString());
        } finally {
            spark.stop();
        }
    }

    /** Writes every table, each of the same schema. */
    static void write(StructType schema, Table... tables) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-tables")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            for (Table table : tables) {
                spark.createDataFrame(table.rows(), schema).repartition(table.files()).write()
                        .parquet(table.path().toString());
            }
        } finally {
            spark.stop();
        }
    }
}
