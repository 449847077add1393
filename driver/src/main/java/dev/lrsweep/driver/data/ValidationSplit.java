package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Dataset;
import java.io.Serializable;

/**
 * A deterministic split of rows into training and held-out validation rows. A row is held out when a
 * hash of its values (features then label, as the bits of their doubles) and the seed, read as a
 * number u uniform in [0, 1), is below the fraction: the same rows for the same data and seed whatever
 * their order, their file or their partition, since the choice depends on the row alone. Equal rows
 * fall on the same side. The hash is SplitMix64's finaliser over the running mix (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", 2014).
 *
 * @param fraction the share of rows held out, in (0, 1)
 * @param seed     the split's seed
 */
public record ValidationSplit(double fraction, long seed) implements Serializable {

    /** Whether the row (features, then the label) is held out for validation. */
    public boolean holdsOut(double[] row) {
        long hash = mix(seed);
        for (double value : row) {
            // + 0.0 makes -0.0 and 0.0 one value
            hash = mix(hash ^ Double.doubleToLongBits(value + 0.0));
        }
        return (hash >>> 11) * 0x1.0p-53 < fraction;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The dataset's rows split in two, each side in the rows' order.
     *
     * @throws SweepInputException if either side would be empty
     */
    public Parts apply(Dataset data) {
        int d = data.features();
        double[] x = data.x();
        double[] y = data.y();
        double[] row = new double[d + 1];
        boolean[] held = new boolean[data.rows()];
        int heldOut = 0;
        for (int i = 0; i < data.rows(); i++) {
            System.arraycopy(x, i * d, row, 0, d);
            row[d] = y[i];
            held[i] = holdsOut(row);
            heldOut += held[i] ? 1 : 0;
        }
        checkSides(data.rows() - heldOut, heldOut, data.rows());
        return new Parts(rows(data, held, false, data.rows() - heldOut), rows(data, held, true, heldOut));
    }

    /** Refuses a split that leaves either side empty. */
    void checkSides(long training, long validation, long rows) {
        if (training == 0 || validation == 0) {
            throw new SweepInputException("data.validation.fraction: " + fraction + " holds out " + validation
                    + " of the " + rows + " rows (seed " + seed + "), leaving " + (validation == 0
                    ? "no validation rows" : "no rows to fit on") + "; use another fraction, or more rows");
        }
    }

    private static Dataset rows(Dataset data, boolean[] held, boolean side, int count) {
        int d = data.features();
        double[] labels = data.y();
        double[] x = new double[count * d];
        double[] y = new double[count];
        int at = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i] == side) {
                for (int j = 0; j < d; j++) {
                    x[at * d + j] = data.feature(i, j);
                }
                y[at++] = labels[i];
            }
        }
        return new Dataset(count, d, x, y);
    }

    /**
     * The two sides of a split.
     *
     * @param training   the rows the fits use
     * @param validation the rows held out
     */
    public record Parts(Dataset training, Dataset validation) {
    }
}
