package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * One pass of logistic regression's theory over rows at a point θ, as sums that add up over slices of the rows
 * in any order: with A = [X | 1], p = sigmoid(A·θ), the cross-entropy softplus(z) − y·z, its gradient Aᵀ(p − y)
 * and, where asked, its Hessian AᵀDA with D = diag(p(1 − p)) (or AᵀA, the Gram matrix, for {@code gram}), and
 * whether θ classifies every row right with a positive margin. The driver sums the rows it holds in one pass;
 * data parallelism sums each slice where it is cached and combines them with {@code treeAggregate}.
 */
public final class LogisticSums implements Serializable {
    private final double[] theta;
    private final Need need;
    private long count;
    private double loss;
    private final double[] gradient;
    private final double[] hessian;
    private boolean separates = true;

    /** What a pass computes besides the loss and the margins. */
    public enum Need {
        /** The loss and the margins only (a line search's trial point). */
        LOSS,
        /** The gradient and the Hessian AᵀDA too (a Newton step). */
        HESSIAN,
        /** The Gram matrix AᵀA instead of the Hessian (p(1 − p) ≤ 1/4 bounds the Hessian by AᵀA/4). */
        GRAM
    }

    /** Empty sums at θ. */
    public LogisticSums(double[] theta, Need need) {
        this.theta = theta.clone();
        this.need = need;
        int columns = theta.length;
        gradient = new double[need == Need.HESSIAN ? columns : 0];
        hessian = new double[need == Need.LOSS ? 0 : columns * columns];
    }

    /** These sums with the rows of {@code rows} added; returns this. */
    public LogisticSums add(Dataset rows) {
        int d = rows.features();
        int columns = d + 1;
        double[] x = rows.x();
        double[] y = rows.y();
        double[] a = new double[columns];
        a[d] = 1;
        for (int i = 0; i < rows.rows(); i++) {
            System.arraycopy(x, i * d, a, 0, d);
            double z = 0;
            for (int j = 0; j < columns; j++) {
                z += a[j] * theta[j];
            }
            separates &= (2 * y[i] - 1) * z > 0;
            loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
            if (need == Need.LOSS) {
                continue;
            }
            double p = sigmoid(z);
            double weight = need == Need.GRAM ? 1 : p * (1 - p);
            for (int j = 0; j < columns; j++) {
                if (need == Need.HESSIAN) {
                    gradient[j] += (p - y[i]) * a[j];
                }
                double wa = weight * a[j];
                for (int l = 0; l <= j; l++) {
                    hessian[j * columns + l] += wa * a[l];
                }
            }
        }
        count += rows.rows();
        return this;
    }

    /** These sums with {@code other}'s (of the same θ) added; returns this. */
    public LogisticSums merge(LogisticSums other) {
        count += other.count;
        loss += other.loss;
        separates &= other.separates;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] += other.gradient[j];
        }
        for (int j = 0; j < hessian.length; j++) {
            hessian[j] += other.hessian[j];
        }
        return this;
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
        int columns = theta.length;
        double[][] h = new double[columns][columns];
        for (int j = 0; j < columns; j++) {
            for (int l = 0; l <= j; l++) {
                h[j][l] = hessian[j * columns + l] / count;
                h[l][j] = h[j][l];
            }
        }
        return new Array2DRowRealMatrix(h, false);
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
