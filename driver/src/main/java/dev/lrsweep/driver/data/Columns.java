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
     * @throws SweepInputException if a column's values are so large that its sum of squares overflows:
     *                             the moments, the loss and its Hessian would all be infinite
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
            if (!Double.isFinite(statistics.getSumsq())) {
                double largest = Math.max(Math.abs(statistics.getMin()), Math.abs(statistics.getMax()));
                throw new SweepInputException(origin + ": column '" + name + "' holds values up to " + largest
                        + ", whose squares overflow double precision (the data's moments and the loss would be "
                        + "infinite); rescale the column");
            }
            columns.add(DatasetSummary.ColumnSummary.of(name, statistics));
        }
        return columns;
    }
}
