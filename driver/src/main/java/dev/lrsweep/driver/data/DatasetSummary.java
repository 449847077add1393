package dev.lrsweep.driver.data;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * What a reader of the results needs to know about the data, and to check it is the same data.
 *
 * @param source       {@code synthetic}, or the CSV file's or table's path
 * @param sha256       the CSV file's SHA-256; for a table, the SHA-256 of its files' listing (a line per file:
 *                     path, size and modification time, tab-separated, in path order); for generated data the
 *                     SHA-256 of its values (big-endian doubles, the features row by row, then the labels)
 * @param rows         number of examples
 * @param featureNames the feature columns in order
 * @param labelName    the label column
 * @param columns      statistics of every feature column, then of the label
 * @param trueWeights  the weights the data was generated with, or null if unknown
 * @param trueBias     the bias the data was generated with, or null if unknown
 * @param classes      for a model of classes 0 … K−1, the classes' names in class order (see {@link ClassLabels});
 *                     else null
 */
public record DatasetSummary(String source, String sha256, int rows, List<String> featureNames, String labelName,
                             List<ColumnSummary> columns, double[] trueWeights, Double trueBias,
                             List<String> classes) {

    /** The same data's description, its row count and statistics those of the rows {@code moments} measured. */
    public DatasetSummary measuredBy(dev.lrsweep.worker.Moments moments) {
        List<ColumnSummary> measured = new java.util.ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            measured.add(ColumnSummary.of(columns.get(j).name(), moments, j));
        }
        return new DatasetSummary(source, sha256, (int) moments.count(), featureNames, labelName, measured,
                trueWeights, trueBias, classes);
    }

    /** The same data's description, its labels the classes {@code names}. */
    public DatasetSummary withClasses(List<String> names) {
        return new DatasetSummary(source, sha256, rows, featureNames, labelName, columns, trueWeights, trueBias,
                names);
    }

    /**
     * Statistics of one column.
     *
     * @param name the column's name
     * @param mean its mean
     * @param std  its sample standard deviation
     * @param min  its smallest value
     * @param max  its largest value
     */
    public record ColumnSummary(String name, double mean, double std, double min, double max) {

        static ColumnSummary of(String name, dev.lrsweep.worker.Moments moments, int column) {
            return new ColumnSummary(name, moments.mean(column), moments.standardDeviation(column),
                    moments.min(column), moments.max(column));
        }

        static ColumnSummary of(String name, SummaryStatistics statistics) {
            return new ColumnSummary(name, statistics.getMean(), statistics.getStandardDeviation(),
                    statistics.getMin(), statistics.getMax());
        }
    }
}
