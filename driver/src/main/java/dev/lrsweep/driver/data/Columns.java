package dev.lrsweep.driver.data;

import dev.lrsweep.worker.Dataset;
import java.util.ArrayList;
import java.util.List;

/** Column statistics of a row-major dataset. */
final class Columns {
    private Columns() {
    }

    static List<DatasetSummary.ColumnSummary> summarize(Dataset data, List<String> featureNames, String labelName) {
        List<DatasetSummary.ColumnSummary> columns = new ArrayList<>();
        for (int j = 0; j < data.features(); j++) {
            double[] column = new double[data.rows()];
            for (int i = 0; i < data.rows(); i++) {
                column[i] = data.feature(i, j);
            }
            columns.add(DatasetSummary.ColumnSummary.of(featureNames.get(j), column));
        }
        columns.add(DatasetSummary.ColumnSummary.of(labelName, data.y()));
        return columns;
    }
}
