package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SyntheticDataConfig;
import dev.lrsweep.worker.Dataset;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Generates points around a known line: for each row in turn, each feature x_j = 2u − 1 with u
 * uniform in [0, 1), then z = Σ w_j·x_j + bias and the label: for regression y = z + noise·g with g
 * standard normal, for classification y = 1 if u' &lt; sigmoid(z) with u' uniform in [0, 1), else 0.
 * All draws come, in that order, from one Well19937c generator seeded with {@code seed}, so the data
 * depends on the config alone.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    public static LoadedData generate(SyntheticDataConfig config) {
        int rows = config.rows();
        double[] weights = config.weights();
        int d = weights.length;
        RandomGenerator random = new Well19937c(config.seed());
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double target = config.bias();
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 2 * random.nextDouble() - 1;
                target += weights[j] * x[i * d + j];
            }
            y[i] = config.classification() ? (random.nextDouble() < 1 / (1 + Math.exp(-target)) ? 1 : 0)
                    : target + config.noise() * random.nextGaussian();
        }
        Dataset dataset = new Dataset(rows, d, x, y);
        List<String> names = IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
        DatasetSummary summary = new DatasetSummary("synthetic", Sha256.ofValues(x, y), rows, names, "y",
                Columns.summarize(dataset, names, "y", "data.synthetic"), weights.clone(), config.bias(), null);
        return new LoadedData(dataset, summary);
    }
}
