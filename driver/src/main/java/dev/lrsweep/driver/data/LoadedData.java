package dev.lrsweep.driver.data;

import dev.lrsweep.worker.Dataset;

/**
 * A dataset ready to broadcast, and its description for the result files.
 *
 * @param dataset the features and labels
 * @param summary what it is and where it came from
 */
public record LoadedData(Dataset dataset, DatasetSummary summary) {

    /**
     * Checks that every label is a class, 0 or 1.
     *
     * @param labelKey the config key naming the labels' source
     * @param model    what needs classes, for the message
     * @throws dev.lrsweep.driver.config.SweepInputException naming the first row that holds another value
     */
    public void checkClassLabels(String labelKey, String model) {
        double[] labels = dataset.y();
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] != 0 && labels[row] != 1) {
                throw new dev.lrsweep.driver.config.SweepInputException(labelKey + ": data row " + (row + 1) + " of "
                        + summary.source() + " has label " + summary.labelName() + " = " + labels[row] + ", but "
                        + model + " needs labels 0 or 1");
            }
        }
    }
}
