package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.LeastSquares;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Computes the {@link Theory} of a dataset with Commons Math: the exact least-squares fit
 * ({@link LeastSquares}: one pass for the moments, the normal equations solved through an SVD, the
 * loss from the residuals), and the eigenvalues of the Hessian H = 2·AᵀA/n.
 *
 * <p>Eigenvalues at or below {@value #FLAT_TOLERANCE} × λ_max count as zero: they are rounding
 * noise around directions in which the loss is flat (a constant column, collinear columns, fewer
 * rows than parameters), and even where they are real, gradient descent could not move along them
 * in any practical number of steps. lr_optimal and the condition number use the smallest eigenvalue
 * above that tolerance.
 */
public final class StabilityTheory {
    /** Eigenvalues at or below this share of the largest count as zero. */
    public static final double FLAT_TOLERANCE = 1e-10;

    private StabilityTheory() {
    }

    public static Theory of(Dataset data) {
        LeastSquares exact = LeastSquares.of(data);
        int d = data.features();
        double[] eigenvalues = new EigenDecomposition(new Array2DRowRealMatrix(exact.gram()).scalarMultiply(2.0))
                .getRealEigenvalues();
        Arrays.sort(eigenvalues);
        double max = eigenvalues[eigenvalues.length - 1];
        int flat = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (eigenvalues[i] <= FLAT_TOLERANCE * max) {
                eigenvalues[i] = 0.0;
                flat++;
            }
        }
        double min = eigenvalues[flat];
        double[] solution = exact.solution();
        return new Theory(Arrays.copyOf(solution, d), solution[d], exact.optimalLoss(), eigenvalues, flat, 2 / max,
                2 / max, max, 2 / (min + max), max / min);
    }
}
