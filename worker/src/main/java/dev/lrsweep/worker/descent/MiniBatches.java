package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Dataset;
import java.util.SplittableRandom;

/**
 * The mini-batch sequence of a fit: each epoch a fresh shuffle of the rows, determined by the seed and the
 * epoch alone, cut into consecutive batches of {@code size} rows, the last one shorter where the size does not
 * divide the rows (as PyTorch's {@code DataLoader(shuffle=True)} with {@code drop_last=False}). Step s uses
 * batch s mod (batches per epoch) of epoch s div (batches per epoch); every model of a batch sees the same.
 */
public final class MiniBatches {
    private final Dataset rows;
    private final int size;
    private final long seed;
    private final int perEpoch;
    private int epoch = -1;
    private int[] order;

    MiniBatches(Dataset rows, int size, long seed) {
        if (size < 1 || size >= rows.rows()) {
            throw new IllegalArgumentException("a mini-batch of " + size + " rows out of " + rows.rows());
        }
        this.rows = rows;
        this.size = size;
        this.seed = seed;
        perEpoch = (rows.rows() + size - 1) / size;
    }

    /** The rows of step {@code step}'s mini-batch. */
    Dataset at(int step) {
        int wanted = step / perEpoch;
        if (wanted != epoch) {
            order = shuffle(rows.rows(), seed, wanted);
            epoch = wanted;
        }
        int from = (step % perEpoch) * size;
        int to = Math.min(rows.rows(), from + size);
        int d = rows.features();
        double[] x = new double[(to - from) * d];
        double[] y = new double[to - from];
        double[] allX = rows.featuresNoCopy();
        double[] allY = rows.labelsNoCopy();
        for (int i = from; i < to; i++) {
            System.arraycopy(allX, order[i] * d, x, (i - from) * d, d);
            y[i - from] = allY[order[i]];
        }
        return new Dataset(to - from, d, x, y);
    }

    /** The rows' order in an epoch: a Fisher–Yates shuffle seeded by the seed and the epoch. */
    static int[] shuffle(int rows, long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
