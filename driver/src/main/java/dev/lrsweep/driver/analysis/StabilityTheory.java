package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Computes the {@link Theory} of a dataset with Commons Math. */
public final class StabilityTheory {
    private StabilityTheory() {
    }

    public static Theory of(Dataset data) {
        int n = data.rows();
        int d = data.features();
        RealMatrix design = new Array2DRowRealMatrix(n, d + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                design.setEntry(i, j, data.feature(i, j));
            }
            design.setEntry(i, d, 1.0);
        }
        // SVD gives the least-squares solution (the minimum-norm one if A is rank-deficient).
        RealVector theta = new SingularValueDecomposition(design).getSolver().solve(new ArrayRealVector(data.y()));
        double optimalLoss = design.operate(theta).subtract(new ArrayRealVector(data.y())).getNorm();
        optimalLoss = optimalLoss * optimalLoss / n;

        RealMatrix hessian = design.transpose().multiply(design).scalarMultiply(2.0 / n);
        double[] eigenvalues = new EigenDecomposition(hessian).getRealEigenvalues();
        Arrays.sort(eigenvalues);
        double min = Math.max(eigenvalues[0], 0.0);
        double max = eigenvalues[eigenvalues.length - 1];
        double[] weights = Arrays.copyOf(theta.toArray(), d);
        return new Theory(weights, theta.getEntry(d), optimalLoss, eigenvalues, 2 / max, 2 / (min + max), max / min);
    }
}
