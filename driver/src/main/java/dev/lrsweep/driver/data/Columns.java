package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Column statistics of a row-major dataset, and the check that its second moments are finite. */
final class Columns {
    private Columns() {
    }

    /**
     * Each feature's statistics, then the label's.
     *
     * @param origin names the data in errors, e.g. {@code data.csv.path: d.csv}
     * @throws SweepInputException if a column's values are so large that its sum of squares overflows
     */
    static List<DatasetSummary.ColumnSummary> summarize(Dataset data, List<String> featureNames, String labelName,
                                                        String origin) {
        List<DatasetSummary.ColumnSummary> columns = new ArrayList<>();
        double[] labels = data.y();
        for (int j = 0; j <= data.features(); j++) {
            String name = j < data.features() ? featureNames.get(j) : labelName;
            SummaryStatistics statistics = new SummaryStatistics();
            for (int i = 0; i < data.rows(); i++) {
                statistics.addValue(j < data.features() ? data.feature(i, j) : labels[i]);
            }
            checkSquares(origin, name, statistics.getSumsq(),
                    Math.max(Math.abs(statistics.getMin()), Math.abs(statistics.getMax())));
            columns.add(DatasetSummary.ColumnSummary.of(name, statistics));
        }
        return columns;
    }

    /**
     * Refuses a column whose sum of squares overflows: the moments, the loss and its Hessian would all be
     * infinite.
     *
     * @param origin  names the data, e.g. {@code data.csv.path: d.csv}
     * @param largest the column's largest absolute value, for the message
     * @throws SweepInputException if {@code sumOfSquares} is not finite
     */
    static void checkSquares(String origin, String column, double sumOfSquares, double largest) {
        if (!Double.isFinite(sumOfSquares)) {
            throw new SweepInputException(origin + ": column '" + column + "' holds values up to " + largest
                    + ", whose squares overflow double precision (the data's moments and the loss would be "
                    + "infinite); rescale the column");
        }
    }
}
