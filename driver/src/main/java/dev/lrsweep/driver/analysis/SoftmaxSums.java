package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Softmax regression's {@link NewtonSums}. θ holds W (d×K, row-major) then b (K), so parameter (j, c) is at
 * j·K + c, the bias as j = d; with a = [x | 1], z = Wᵀx + b and p = softmax(z), a row adds the loss
 * logsumexp(z) − z_y, the gradient a ⊗ (p − e_y) and the Hessian (a aᵀ) ⊗ (diag(p) − ppᵀ).
 *
 * <p>Adding one constant to every class's weight on a feature changes no probability, so the loss is flat along
 * the d + 1 directions e_j ⊗ 1 and the Hessian is singular there; the gradient has no part along them. Newton's
 * step solves with H + N, N = I ⊗ 11ᵀ/K the projection on those directions, whose solution is H's pseudo-inverse
 * applied to the gradient: the step moves only across them, and the iteration starts from the sweep's start
 * point's own part along them, which no descent of the gradient changes. So the optimum found is the one gradient
 * descent from that start tends to.
 */
public final class SoftmaxSums extends NewtonSums<SoftmaxSums> {
    private final int classes;

    /** Empty sums at θ ((d + 1)·K values) for K = {@code classes}. */
    public SoftmaxSums(double[] theta, int classes, Need need) {
        super(theta, need, theta.length / classes);
        this.classes = classes;
    }

    @Override
    public SoftmaxSums at(double[] theta, Need need) {
        return new SoftmaxSums(theta, classes, need);
    }

    @Override
    public double gramBound() {
        return 0.5;
    }

    /** The start's part along the flat directions: each feature's weights replaced by their mean over the classes. */
    @Override
    public double[] newtonStart(double[] start) {
        double[] flat = new double[start.length];
        for (int j = 0; j < start.length / classes; j++) {
            double mean = 0;
            for (int c = 0; c < classes; c++) {
                mean += start[j * classes + c] / classes;
            }
            for (int c = 0; c < classes; c++) {
                flat[j * classes + c] = mean;
            }
        }
        return flat;
    }

    @Override
    RealMatrix newtonMatrix() {
        RealMatrix matrix = matrix();
        for (int j = 0; j < theta.length / classes; j++) {
            for (int c = 0; c < classes; c++) {
                for (int e = 0; e < classes; e++) {
                    matrix.addToEntry(j * classes + c, j * classes + e, 1.0 / classes);
                }
            }
        }
        return matrix;
    }

    @Override
    public SoftmaxSums add(Dataset rows) {
        int d = rows.features();
        int columns = d + 1;
        int k = classes;
        double[] x = rows.x();
        double[] y = rows.y();
        double[] a = new double[columns];
        a[d] = 1;
        double[] z = new double[k];
        double[] p = new double[k];
        for (int i = 0; i < rows.rows(); i++) {
            System.arraycopy(x, i * d, a, 0, d);
            int label = (int) y[i];
            double largest = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                z[c] = 0;
                for (int j = 0; j < columns; j++) {
                    z[c] += a[j] * theta[j * k + c];
                }
                largest = Math.max(largest, z[c]);
            }
            double sum = 0;
            boolean separated = true;
            for (int c = 0; c < k; c++) {
                p[c] = Math.exp(z[c] - largest);
                sum += p[c];
                separated &= c == label || z[label] > z[c];
            }
            addRow(largest + Math.log(sum) - z[label], separated);
            if (need == Need.LOSS) {
                continue;
            }
            if (need == Need.GRAM) {
                for (int j = 0; j < columns; j++) {
                    for (int l = 0; l <= j; l++) {
                        addMatrix(j, l, a[j] * a[l]);
                    }
                }
                continue;
            }
            for (int c = 0; c < k; c++) {
                p[c] /= sum;
            }
            for (int j = 0; j < columns; j++) {
                for (int c = 0; c < k; c++) {
                    int row = j * k + c;
                    addGradient(row, a[j] * (p[c] - (c == label ? 1 : 0)));
                    for (int l = 0; l <= j; l++) {
                        double aa = a[j] * a[l];
                        for (int e = 0; e < (l == j ? c + 1 : k); e++) {
                            addMatrix(row, l * k + e, aa * ((c == e ? p[c] : 0) - p[c] * p[e]));
                        }
                    }
                }
            }
        }
        count(rows.rows());
        return this;
    }
}
