package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param model    the model that needs them, for the message
     * @throws dev.lrsweep.driver.config.SweepInputException naming the first row that holds another value
     */
    public void checkBinaryLabels(String labelKey, ModelSpec model) {
        double[] labels = dataset.y();
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] != 0 && labels[row] != 1) {
                throw new SweepInputException(labelKey + ": data row " + (row + 1) + " of " + summary.source()
                        + " has label " + summary.labelName() + " = " + labels[row] + ", but " + binaryModel(model)
                        + " needs labels 0 or 1");
            }
        }
    }

    /** The config key that makes a model binary, for messages: {@code model.kind logistic}, {@code model.loss …}. */
    static String binaryModel(ModelSpec model) {
        return model.kind().fixedLoss() != null ? "model.kind " + model.kind().label()
                : "model.loss " + model.loss().label();
    }

    /**
     * These data with their numeric labels numbered as classes ({@link ClassLabels}), where they are not yet.
     *
     * @param labelKey the config key naming the labels' source
     */
    public LoadedData numberedClasses(String labelKey) {
        if (summary.classes() != null) {
            return this;
        }
        double[] y = dataset.y();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int[] met = new int[y.length];
        for (int row = 0; row < y.length; row++) {
            met[row] = seen.computeIfAbsent(java.math.BigDecimal.valueOf(y[row]).toPlainString(), label -> seen.size());
            ClassLabels.checkCount(seen.size(), labelKey, summary.source());
        }
        ClassLabels classes = ClassLabels.of(List.copyOf(seen.keySet()), labelKey, summary.source());
        for (int row = 0; row < y.length; row++) {
            y[row] = classes.numbering()[met[row]];
        }
        return new LoadedData(new Dataset(dataset.rows(), dataset.features(), dataset.x(), y),
                summary.withClasses(classes.names()));
    }
}
