package dev.lrsweep.driver.data;

import dev.lrsweep.worker.Moments;
import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * One pass over a table's rows (features, then the label, as doubles), on the executors: the rows'
 * {@link Moments}, and the count of the values the sweep cannot use, per column (nulls, NaN, infinities)
 * and, where the model needs classes, of labels other than 0 or 1; each column's sum of squares and largest
 * absolute value, whose overflow {@link Columns#checkSquares} refuses as it does a CSV file's. Rows holding a bad value are left
 * out of the moments; any bad value stops the sweep, so those moments are never used. Rows a
 * {@link ValidationSplit} holds out have moments of their own.
 */
final class TableScan implements Serializable {
    private final Moments moments;
    private final long[] bad;
    private final double[] sumOfSquares;
    private final double[] largestMagnitude;
    private long notClasses;
    private double firstNotClass = Double.NaN;
    private final boolean classes;
    private final double[] row;
    private final ValidationSplit split;
    private final Moments heldOut;

    /** @param split the validation split, or null */
    TableScan(int features, boolean classes, ValidationSplit split) {
        this.split = split;
        heldOut = new Moments(features);
        moments = new Moments(features);
        bad = new long[features + 1];
        sumOfSquares = new double[features + 1];
        largestMagnitude = new double[features + 1];
        this.classes = classes;
        row = new double[features + 1];
    }

    TableScan add(Row values) {
        boolean usable = true;
        for (int j = 0; j < row.length; j++) {
            if (values.isNullAt(j) || !Double.isFinite(values.getDouble(j))) {
                bad[j]++;
                usable = false;
            } else {
                row[j] = values.getDouble(j);
                sumOfSquares[j] += row[j] * row[j];
                largestMagnitude[j] = Math.max(largestMagnitude[j], Math.abs(row[j]));
            }
        }
        double label = row[row.length - 1];
        if (usable && classes && label != 0 && label != 1) {
            if (notClasses++ == 0) {
                firstNotClass = label;
            }
        }
        if (usable && split != null && split.holdsOut(row)) {
            heldOut.add(row);
        } else if (usable) {
            moments.add(row);
        }
        return this;
    }

    TableScan merge(TableScan other) {
        moments.merge(other.moments);
        for (int j = 0; j < bad.length; j++) {
            bad[j] += other.bad[j];
            sumOfSquares[j] += other.sumOfSquares[j];
            largestMagnitude[j] = Math.max(largestMagnitude[j], other.largestMagnitude[j]);
        }
        if (notClasses == 0) {
            firstNotClass = other.firstNotClass;
        }
        notClasses += other.notClasses;
        heldOut.merge(other.heldOut);
        return this;
    }

    /** The moments of the rows the split holds out for validation. */
    Moments heldOut() {
        return heldOut;
    }

    Moments moments() {
        return moments;
    }

    /** How many rows hold a null or non-finite value in column j (the label is the last). */
    long bad(int column) {
        return bad[column];
    }

    /** The sum of the squares of column j's finite values (the label is the last). */
    double sumOfSquares(int column) {
        return sumOfSquares[column];
    }

    /** The largest absolute value among column j's finite values. */
    double largestMagnitude(int column) {
        return largestMagnitude[column];
    }

    long notClasses() {
        return notClasses;
    }

    double firstNotClass() {
        return firstNotClass;
    }
}
