package dev.lrsweep.worker;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The exact least-squares fit of y ≈ X·w + b, from one pass over the rows and a second for the
 * residuals. With A = [X | 1]: the second moments G = AᵀA/n and c = Aᵀy/n come from the data's
 * {@link Moments};
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
        double[] x = data.featuresNoCopy();
        double[] y = data.labelsNoCopy();
        Moments moments = Moments.of(data);
        double[][] gram = moments.gram();
        double[] solution = solve(gram, moments);
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

    /**
     * Solves the least-squares problem from the data's moments alone (rows held elsewhere, such as a
     * table on Spark's executors): the same normal equations; the optimal loss from the centred moments
     * (see {@link Moments#meanSquaredResidual}), where {@link #of(Dataset)} sums the residuals.
     */
    public static LeastSquares of(Moments moments) {
        double[][] gram = moments.gram();
        double[] solution = solve(gram, moments);
        return new LeastSquares(gram, solution, moments.meanSquaredResidual(solution));
    }

    private static double[] solve(double[][] gram, Moments moments) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(gram, false)).getSolver()
                .solve(new ArrayRealVector(moments.labelProducts(), false)).toArray();
    }
}
