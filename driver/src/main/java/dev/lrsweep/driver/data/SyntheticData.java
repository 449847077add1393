package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SyntheticDataConfig;
import dev.lrsweep.worker.Dataset;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Generates points around a known line: for each row in turn, each feature x_j = 2u − 1 with u
 * uniform in [0, 1), then y = Σ w_j·x_j + bias + noise·g with g standard normal; all draws come, in
 * that order, from one Well19937c generator seeded with {@code seed}, so the data depends on the
 * config alone.
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
            y[i] = target + config.noise() * random.nextGaussian();
        }
        Dataset dataset = new Dataset(rows, d, x, y);
        List<String> names = IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
        DatasetSummary summary = new DatasetSummary("synthetic", sha256(x, y), rows, names, "y",
                Columns.summarize(dataset, names, "y", "data.synthetic"), weights.clone(), config.bias());
        return new LoadedData(dataset, summary);
    }

    /** The SHA-256 of the values as big-endian doubles, the features row by row, then the labels. */
    private static String sha256(double[] x, double[] y) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);
        for (double[] values : new double[][] {x, y}) {
            for (double value : values) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putDouble(value);
            }
        }
        digest.update(buffer.flip());
        return HexFormat.of().formatHex(digest.digest());
    }
}
