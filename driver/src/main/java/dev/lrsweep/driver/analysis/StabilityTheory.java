package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Computes the {@link Theory} of a dataset with Commons Math, in one pass over the rows: with
 * A = [X | 1], the (d+1)×(d+1) matrix AᵀA and the vector Aᵀy are summed row by row; the Hessian
 * is (2/n)·AᵀA; the least-squares solution solves the normal equations AᵀA·θ = Aᵀy through an SVD
 * (the pseudo-inverse, so that a rank-deficient A still gets its minimum-norm solution); and the
 * optimal loss is the mean squared residual of that solution, from a second pass. Cost O(n·d²),
 * memory O(d²): a million rows take well under a second.
 */
public final class StabilityTheory {
    private StabilityTheory() {
    }

    public static Theory of(Dataset data) {
        int n = data.rows();
        int d = data.features();
        int p = d + 1;
        double[] x = data.x();
        double[] y = data.y();
        double[][] gram = new double[p][p];
        double[] moments = new double[p];
        double[] row = new double[p];
        row[d] = 1.0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, row, 0, d);
            for (int a = 0; a < p; a++) {
                moments[a] += row[a] * y[i];
                for (int b = 0; b <= a; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = a + 1; b < p; b++) {
                gram[a][b] = gram[b][a];
            }
        }
        RealMatrix normal = new Array2DRowRealMatrix(gram, false);
        RealVector theta = new SingularValueDecomposition(normal).getSolver().solve(new ArrayRealVector(moments, false));
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = theta.getEntry(d) - y[i];
            for (int j = 0; j < d; j++) {
                residual += theta.getEntry(j) * x[i * d + j];
            }
            squares += residual * residual;
        }
        double[] eigenvalues = new EigenDecomposition(normal.scalarMultiply(2.0 / n)).getRealEigenvalues();
        Arrays.sort(eigenvalues);
        double min = Math.max(eigenvalues[0], 0.0);
        double max = eigenvalues[eigenvalues.length - 1];
        double[] weights = Arrays.copyOf(theta.toArray(), d);
        return new Theory(weights, theta.getEntry(d), squares / n, eigenvalues, 2 / max, 2 / (min + max), max / min);
    }
}
