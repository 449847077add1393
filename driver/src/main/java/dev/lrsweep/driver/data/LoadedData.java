package dev.lrsweep.driver.data;

import dev.lrsweep.worker.Dataset;

/**
 * A dataset ready to broadcast, and its description for the result files.
 *
 * @param dataset the features and labels
 * @param summary what it is and where it came from
 */
public record LoadedData(Dataset dataset, DatasetSummary summary) {
}
