package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * One pass of a classifier's theory over rows at a point θ, as sums that add up over slices of the rows in any
 * order: the loss, where asked its gradient and Hessian (or the Gram matrix AᵀA of A = [X | 1], which bounds the
 * Hessian), and whether θ classifies every row right with a positive margin. The driver sums the rows it holds
 * in one pass; data parallelism sums each slice where it is cached and combines them with {@code treeAggregate}.
 * A family's sums say how a row adds; the Newton iteration of {@link NewtonTheory} is the same for all.
 *
 * @param <S> the family's own sums
 */
public abstract class NewtonSums<S extends NewtonSums<S>> implements Serializable {
    /** θ, where the sums are taken. */
    protected final double[] theta;
    /** What the pass computes. */
    protected final Need need;
    private final int side;
    private long count;
    private double loss;
    private final double[] gradient;
    /** The matrix's lower triangle, row-major side×side. */
    private final double[] matrix;
    private boolean separates = true;

    /** What a pass computes besides the loss and the margins. */
    public enum Need {
        /** The loss and the margins only (a line search's trial point). */
        LOSS,
        /** The gradient and the Hessian too (a Newton step). */
        HESSIAN,
        /** The Gram matrix AᵀA instead of the Hessian ({@link #gramBound} times it bounds the Hessian). */
        GRAM
    }

    /**
     * Empty sums at θ.
     *
     * @param columns the columns of A = [X | 1], the Gram matrix's side
     */
    protected NewtonSums(double[] theta, Need need, int columns) {
        this.theta = theta.clone();
        this.need = need;
        side = need == Need.GRAM ? columns : theta.length;
        gradient = new double[need == Need.HESSIAN ? theta.length : 0];
        matrix = new double[need == Need.LOSS ? 0 : side * side];
    }

    /** Empty sums of the same family and shape at another θ. */
    public abstract S at(double[] theta, Need need);

    /** These sums with the rows of {@code rows} added; returns this. */
    public abstract S add(Dataset rows);

    /**
     * The bound c with H(θ) ≤ c·AᵀA/n at every θ, which makes the loss L-smooth with L = c·λ_max(AᵀA/n): 1/4 for
     * logistic regression (p(1 − p) ≤ 1/4), 1/2 for softmax (diag(p) − ppᵀ ≤ 1/2).
     */
    public abstract double gramBound();

    /** Where Newton's method starts from the sweep's start: the origin, unless the family has flat directions. */
    public double[] newtonStart(double[] start) {
        return new double[start.length];
    }

    /**
     * The matrix a Newton step solves with at these sums: the Hessian; a family whose loss is flat along some
     * directions adds a term there, so that the step has no part along them.
     */
    RealMatrix newtonMatrix() {
        return matrix();
    }

    /** Adds a row's loss and whether θ classifies it right with a margin. */
    protected final void addRow(double rowLoss, boolean separated) {
        loss += rowLoss;
        separates &= separated;
    }

    /** Adds {@code value} to the gradient's sum at {@code index}. */
    protected final void addGradient(int index, double value) {
        gradient[index] += value;
    }

    /** Adds {@code value} to the matrix's sum at (row, column), column ≤ row. */
    protected final void addMatrix(int row, int column, double value) {
        matrix[row * side + column] += value;
    }

    /** Counts {@code rows} more rows. */
    protected final void count(int rows) {
        count += rows;
    }

    /** These sums with {@code other}'s (of the same θ) added; returns this. */
    public S merge(S other) {
        NewtonSums<S> sums = other;
        count += sums.count;
        loss += sums.loss;
        separates &= sums.separates;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] += sums.gradient[j];
        }
        for (int j = 0; j < matrix.length; j++) {
            matrix[j] += sums.matrix[j];
        }
        return self();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The mean loss. */
    double loss() {
        return loss / count;
    }

    /** Whether θ classifies every row right with a positive margin. */
    boolean separates() {
        return separates;
    }

    /** The mean gradient. */
    RealVector gradient() {
        double[] mean = gradient.clone();
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= count;
        }
        return new ArrayRealVector(mean, false);
    }

    /** The mean Hessian (or Gram matrix), symmetric. */
    RealMatrix matrix() {
        double[][] h = new double[side][side];
        for (int j = 0; j < side; j++) {
            for (int l = 0; l <= j; l++) {
                h[j][l] = matrix[j * side + l] / count;
                h[l][j] = h[j][l];
            }
        }
        return new Array2DRowRealMatrix(h, false);
    }
}
