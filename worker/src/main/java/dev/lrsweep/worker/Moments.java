package dev.lrsweep.worker;

import java.util.Arrays;

/**
 * The first and second moments of a table's columns (the features, then the label), summed row by row
 * and merged across slices: the count, each column's mean, smallest and largest value, and the centred
 * sums of products Σ(a − ā)(b − b̄) of every pair of columns. Centred sums keep their digits where raw
 * sums of squares lose them to cancellation; slices merge exactly in any order (Chan, Golub and LeVeque,
 * "Updating formulae and a pairwise algorithm for computing sample variances", 1979), so Spark's
 * {@code treeAggregate} computes them on the executors in one pass. From them: each column's statistics,
 * and for a linear model everything least squares needs (G = AᵀA/n, Aᵀy/n, yᵀy/n with A = [X | 1]).
 * Memory O(d²) whatever the row count.
 */
public final class Moments implements FitData {
    private final int columns;
    private long count;
    private final double[] mean;
    private final double[] comoment;
    private final double[] min;
    private final double[] max;
    private final double[] delta;

    /** No rows yet, of {@code features} features and a label. */
    public Moments(int features) {
        columns = features + 1;
        mean = new double[columns];
        comoment = new double[columns * columns];
        min = new double[columns];
        max = new double[columns];
        delta = new double[columns];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** The moments of a dataset's rows, in one pass. */
    public static Moments of(Dataset data) {
        Moments moments = new Moments(data.features());
        int d = data.features();
        double[] x = data.featuresNoCopy();
        double[] y = data.labelsNoCopy();
        double[] row = new double[d + 1];
        for (int i = 0; i < data.rows(); i++) {
            System.arraycopy(x, i * d, row, 0, d);
            row[d] = y[i];
            moments.add(row);
        }
        return moments;
    }

    /** Adds one row: the features, then the label. Returns this. */
    public Moments add(double[] row) {
        count++;
        for (int a = 0; a < columns; a++) {
            delta[a] = row[a] - mean[a];
            mean[a] += delta[a] / count;
            min[a] = Math.min(min[a], row[a]);
            max[a] = Math.max(max[a], row[a]);
        }
        // C += δ·(x − x̄_new)ᵀ, symmetric: the upper triangle, mirrored when read
        for (int a = 0; a < columns; a++) {
            double da = delta[a];
            for (int b = a; b < columns; b++) {
                comoment[a * columns + b] += da * (row[b] - mean[b]);
            }
        }
        return this;
    }

    /** Merges another slice's moments into these. Returns this. */
    public Moments merge(Moments other) {
        if (other.columns != columns) {
            throw new IllegalArgumentException("moments of " + other.columns + " columns, expected " + columns);
        }
        if (other.count == 0) {
            return this;
        }
        long total = count + other.count;
        double weight = (double) count * other.count / total;
        for (int a = 0; a < columns; a++) {
            delta[a] = other.mean[a] - mean[a];
        }
        for (int a = 0; a < columns; a++) {
            for (int b = a; b < columns; b++) {
                comoment[a * columns + b] += other.comoment[a * columns + b] + weight * delta[a] * delta[b];
            }
            mean[a] += delta[a] * other.count / total;
            min[a] = Math.min(min[a], other.min[a]);
            max[a] = Math.max(max[a], other.max[a]);
        }
        count = total;
        return this;
    }

    /**
     * The moments of the rows with their features shifted and scaled, x'_j = (x_j − shifts_j)/scales_j
     * (each scale positive), the label as it is: exactly what a pass over the transformed rows would sum,
     * up to rounding.
     */
    public Moments transformed(double[] shifts, double[] scales) {
        Moments result = new Moments(features());
        result.count = count;
        for (int a = 0; a < columns; a++) {
            double scaleA = a < features() ? scales[a] : 1;
            double shiftA = a < features() ? shifts[a] : 0;
            result.mean[a] = (mean[a] - shiftA) / scaleA;
            result.min[a] = (min[a] - shiftA) / scaleA;
            result.max[a] = (max[a] - shiftA) / scaleA;
            for (int b = a; b < columns; b++) {
                double scaleB = b < features() ? scales[b] : 1;
                result.comoment[a * columns + b] = comoment[a * columns + b] / (scaleA * scaleB);
            }
        }
        return result;
    }

    /** How many rows. */
    public long count() {
        return count;
    }

    /** The number of features d (the columns before the label). */
    @Override
    public int features() {
        return columns - 1;
    }

    /** A column's mean (the label is column d). */
    public double mean(int column) {
        return mean[column];
    }

    /** A column's sample standard deviation (0 for one row). */
    public double standardDeviation(int column) {
        return count < 2 ? 0 : Math.sqrt(Math.max(0, centred(column, column)) / (count - 1));
    }

    public double min(int column) {
        return min[column];
    }

    public double max(int column) {
        return max[column];
    }

    private double centred(int a, int b) {
        return a <= b ? comoment[a * columns + b] : comoment[b * columns + a];
    }

    /** G = AᵀA/n with A = [X | 1]: G_ab = C_ab/n + x̄_a·x̄_b, G_a,bias = x̄_a, G_bias,bias = 1. */
    public double[][] gram() {
        int d = features();
        double[][] gram = new double[d + 1][d + 1];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                gram[a][b] = centred(a, b) / count + mean[a] * mean[b];
            }
            gram[a][d] = mean[a];
            gram[d][a] = mean[a];
        }
        gram[d][d] = 1;
        return gram;
    }

    /** Aᵀy/n with A = [X | 1]. */
    public double[] labelProducts() {
        int d = features();
        double[] products = new double[d + 1];
        for (int a = 0; a < d; a++) {
            products[a] = centred(a, d) / count + mean[a] * mean[d];
        }
        products[d] = mean[d];
        return products;
    }

    /**
     * The mean squared residual of the parameters θ = (w, b): the residuals' variance from the centred
     * moments, (C_yy − 2wᵀC_xy + wᵀC_xx·w)/n, plus their squared mean (ȳ − x̄ᵀw − b)². Exact up to the
     * rounding of C_yy: it loses log10(var(y)/var(residual)) of its digits (6 of 16 where the fit explains
     * all but a millionth of the label's variance).
     */
    double meanSquaredResidual(double[] theta) {
        int d = features();
        double quadratic = centred(d, d);
        double residualMean = mean[d] - theta[d];
        for (int a = 0; a < d; a++) {
            quadratic -= 2 * theta[a] * centred(a, d);
            for (int b = 0; b < d; b++) {
                quadratic += theta[a] * centred(a, b) * theta[b];
            }
            residualMean -= mean[a] * theta[a];
        }
        return Math.max(0, quadratic) / count + residualMean * residualMean;
    }
}
