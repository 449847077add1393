package dev.lrsweep.worker;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The exact least-squares fit of y ≈ X·w + b, from one pass over the rows and a second for the
 * residuals. With A = [X | 1]: the second moments G = AᵀA/n and c = Aᵀy/n are summed row by row;
 * the solution θ* solves the normal equations G·θ = c through an SVD (the pseudo-inverse, so a
 * rank-deficient A, such as a constant or duplicated column, still gets its minimum-norm solution);
 * the optimal loss is the mean squared residual of θ*, summed directly (so it keeps its digits, and
 * is never negative). Cost O(n·d²), memory O(d²).
 *
 * @param gram        G = AᵀA/n, (d+1)×(d+1); the mean squared error's Hessian is 2G
 * @param solution    θ* = (w*, b*): the weights, then the bias
 * @param optimalLoss the mean squared error at θ*
 */
public record LeastSquares(double[][] gram, double[] solution, double optimalLoss) {

    /** Solves the least-squares problem of the dataset. */
    public static LeastSquares of(Dataset data) {
        int n = data.rows();
        int d = data.features();
        int p = d + 1;
        double[] x = data.featuresNoCopy();
        double[] y = data.labelsNoCopy();
        double[][] gram = gram(data);
        double[] moments = new double[p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                moments[a] += x[i * d + a] * y[i];
            }
            moments[d] += y[i];
        }
        for (int a = 0; a < p; a++) {
            moments[a] /= n;
        }
        RealVector theta = new SingularValueDecomposition(new Array2DRowRealMatrix(gram, false)).getSolver()
                .solve(new ArrayRealVector(moments, false));
        double[] solution = theta.toArray();
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = solution[d] - y[i];
            for (int j = 0; j < d; j++) {
                residual += solution[j] * x[i * d + j];
            }
            squares += residual * residual;
        }
        return new LeastSquares(gram, solution, squares / n);
    }

    /** G = AᵀA/n with A = [X | 1], in one pass over the rows. */
    public static double[][] gram(Dataset data) {
        double[] zeros = new double[data.features()];
        double[] ones = new double[data.features()];
        java.util.Arrays.fill(ones, 1);
        return gram(data, zeros, ones);
    }

    /**
     * G = AᵀA/n with A = [X' | 1] for the features shifted and scaled as they are read,
     * x'_j = (x_j − shifts_j)/scales_j, in one pass over the rows and without a copy of them.
     */
    public static double[][] gram(Dataset data, double[] shifts, double[] scales) {
        int n = data.rows();
        int d = data.features();
        int p = d + 1;
        double[] x = data.featuresNoCopy();
        double[][] gram = new double[p][p];
        double[] row = new double[p];
        row[d] = 1.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = (x[i * d + j] - shifts[j]) / scales[j];
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b <= a; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                gram[a][b] /= n;
                gram[b][a] = gram[a][b];
            }
        }
        return gram;
    }
}
