package dev.lrsweep.worker;

/**
 * A regression dataset as plain arrays: features X (rows × features, row-major) and labels y.
 *
 * @param rows     number of examples n, at least 1
 * @param features number of features d, at least 1
 * @param x        the features, row-major, length n·d
 * @param y        the labels, length n
 */
public record Dataset(int rows, int features, double[] x, double[] y) implements FitData {

    /** Validates the shapes and that every value is finite; copies the arrays. */
    public Dataset {
        if (rows < 1) {
            throw new IllegalArgumentException("dataset has no rows");
        }
        if (features < 1) {
            throw new IllegalArgumentException("dataset has no features");
        }
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException(
                    "features hold " + x.length + " values, expected " + rows + " × " + features);
        }
        if (y.length != rows) {
            throw new IllegalArgumentException("labels hold " + y.length + " values, expected " + rows);
        }
        x = x.clone();
        y = y.clone();
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a dataset of their own. */
    public Dataset slice(int from, int to) {
        return new Dataset(to - from, features, java.util.Arrays.copyOfRange(x, from * features, to * features),
                java.util.Arrays.copyOfRange(y, from, to));
    }

    /** The feature value at (row, feature). */
    public double feature(int row, int feature) {
        return x[row * features + feature];
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** The features without a copy; callers must not modify the array. */
    public double[] featuresNoCopy() {
        return x;
    }

    /** The labels without a copy; callers must not modify the array. */
    public double[] labelsNoCopy() {
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return ArrayRecords.equal(this, o);
    }

    @Override
    public int hashCode() {
        return ArrayRecords.hash(this);
    }

    @Override
    public String toString() {
        return "Dataset[" + rows + " rows × " + features + " features]";
    }
}
