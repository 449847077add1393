package dev.lrsweep.driver.data;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Moments;
import java.util.List;

/**
 * Features centred and scaled by their mean and standard deviation (a constant column is only centred),
 * and the way back: parameters fitted on the standardised features, in the original units.
 *
 * <p>With x'_j = (x_j − μ_j)/σ_j, a first layer (a linear or logistic model's weights and bias, or a
 * network's W1 and b1) computes x'·W + b = x·W̃ + b̃ with W̃_j = W_j/σ_j and b̃ = b − Σ_j μ_j·W̃_j; every
 * later array is unchanged. The same model, in the units the data came in.
 *
 * @param means  each feature's mean
 * @param scales each feature's standard deviation, or 1 for a constant feature
 */
public record Standardization(double[] means, double[] scales) implements java.io.Serializable {

    /** From the features' statistics in the dataset's summary. */
    public static Standardization of(DatasetSummary summary) {
        List<DatasetSummary.ColumnSummary> features = summary.columns().subList(0, summary.featureNames().size());
        double[] means = features.stream().mapToDouble(DatasetSummary.ColumnSummary::mean).toArray();
        double[] scales = features.stream().mapToDouble(c -> c.std() > 0 ? c.std() : 1).toArray();
        return new Standardization(means, scales);
    }

    /** The dataset with its features standardised; the labels as they are. */
    public Dataset apply(Dataset data) {
        int d = data.features();
        double[] x = data.x();
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (x[i * d + j] - means[j]) / scales[j];
            }
        }
        return new Dataset(data.rows(), d, x, data.y());
    }

    /** The moments of the rows with their features standardised. */
    public Moments apply(Moments moments) {
        return moments.transformed(means, scales);
    }

    /** Parameters fitted on the standardised features, laid out by {@code layout}, in the original units. */
    public double[] toOriginalUnits(Layout layout, double[] parameters) {
        double[] original = parameters.clone();
        int[] shape = layout.arrays().get(0).shape();
        int outputs = shape.length == 2 ? shape[1] : 1;
        int biasAt = layout.offset(1);
        for (int j = 0; j < means.length; j++) {
            for (int c = 0; c < outputs; c++) {
                double weight = parameters[j * outputs + c] / scales[j];
                original[j * outputs + c] = weight;
                original[biasAt + c] -= means[j] * weight;
            }
        }
        return original;
    }
}
