package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.LeastSquares;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * How plain full-batch gradient descent approaches the exact optimum θ* of linear least squares, with Commons
 * Math. The loss is quadratic with Hessian H = 2·AᵀA/n, so the error θ_s − θ* after s steps at rate η is, along
 * each eigenvector v_i of H, its start value c_i = v_iᵀ(θ_0 − θ*) times (1 − η·λ_i)^s, exactly:
 * ‖θ_s − θ*‖² = Σ c_i²·(1 − η·λ_i)^(2s). The loss reaches its floor long before the parameters do on
 * ill-conditioned data: the excess loss weighs each component by λ_i, the distance does not, and the slow
 * direction (λ_min) shrinks by only (1 − η·λ_min) a step.
 */
public final class QuadraticDescent {
    /** The relative distance from θ* that counts as "there": 1%. */
    public static final double WITHIN = 0.01;
    private final double[] optimum;
    private final double[] eigenvalues;
    private final RealMatrix eigenvectors;
    /** Whether each eigen-direction is one the loss is flat in (its eigenvalue within rounding of 0). */
    private final boolean[] flat;

    private QuadraticDescent(double[] optimum, double[] eigenvalues, RealMatrix eigenvectors) {
        this.optimum = optimum;
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
        double max = Arrays.stream(eigenvalues).max().orElseThrow();
        flat = new boolean[eigenvalues.length];
        for (int i = 0; i < eigenvalues.length; i++) {
            flat[i] = eigenvalues[i] <= Hessians.FLAT_TOLERANCE * max;
        }
    }

    /**
     * The descent on the least-squares problem whose exact solution and Gram matrix AᵀA/n are {@code exact}'s: one
     * eigendecomposition of H, which {@link LinearTheory} reads its spectrum from too.
     */
    public static QuadraticDescent of(LeastSquares exact) {
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(exact.gram()).scalarMultiply(2.0));
        return new QuadraticDescent(exact.solution().clone(), eigen.getRealEigenvalues(), eigen.getV());
    }

    /**
     * The ridge solution under coupled weight decay λ_j on parameter j ({@code decay}): descent minimises
     * loss + Σ λ_j·θ_j²/2, whose gradient H(θ − θ*) + diag(λ)θ vanishes at θ_λ = (H + diag(λ))⁻¹Hθ*; its loss
     * L* + ½(θ_λ − θ*)ᵀH(θ_λ − θ*), the loss being quadratic; gd's limit 2/λ_max(H + diag(λ)).
     *
     * @param optimalLoss the optimal loss L*
     */
    public RegularisedOptimum ridge(double[] decay, double optimalLoss) {
        RealMatrix hessian = eigenvectors.multiply(MatrixUtils.createRealDiagonalMatrix(eigenvalues))
                .multiply(eigenvectors.transpose());
        RealMatrix regularised = hessian.add(MatrixUtils.createRealDiagonalMatrix(decay));
        double[] ridge = new SingularValueDecomposition(regularised).getSolver()
                .solve(hessian.operate(new ArrayRealVector(optimum, false))).toArray();
        double[] error = new double[optimum.length];
        for (int i = 0; i < error.length; i++) {
            error[i] = ridge[i] - optimum[i];
        }
        RealVector along = eigenvectors.transpose().operate(new ArrayRealVector(error, false));
        double excess = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            excess += eigenvalues[i] * along.getEntry(i) * along.getEntry(i) / 2;
        }
        return new RegularisedOptimum(ridge, optimalLoss + excess, 2 / Hessians.largest(regularised));
    }

    /** H's spectrum (see {@link Hessians#spectrum(double[])}). */
    Hessians.Spectrum spectrum() {
        return Hessians.spectrum(eigenvalues.clone());
    }

    /**
     * The steps plain gradient descent at {@code rate} from {@code start} needs to bring the parameters within
     * {@value #WITHIN} (relative) of θ*, beside the bound from the slowest factor alone, max(|1 − η·λ_min|,
     * |1 − η·λ_max|) over the directions the loss is not flat in: ‖θ_s − θ*‖ ≤ that factor^s·‖θ_0 − θ*‖. A flat
     * direction (see {@link Hessians}) keeps the error it starts with, so where that alone is beyond 1% the
     * parameters never get there, and nor do they at a rate at or beyond 2/λ_max.
     *
     * @return null where θ* is 0 (no relative distance)
     */
    public ParameterConvergence predict(double rate, double[] start) {
        double optimumNorm = new ArrayRealVector(optimum).getNorm();
        if (optimumNorm == 0) {
            return null;
        }
        RealVector error = new ArrayRealVector(start).subtract(new ArrayRealVector(optimum));
        double[] components = eigenvectors.transpose().operate(error).toArray();
        double target = WITHIN * optimumNorm;
        double slowest = 0;
        double stuck = 0;
        double moving = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (flat[i]) {
                stuck += components[i] * components[i];
            } else {
                slowest = Math.max(slowest, Math.abs(1 - rate * eigenvalues[i]));
                moving += components[i] * components[i];
            }
        }
        double startDistance = error.getNorm() / optimumNorm;
        Long predicted = null;
        Long bound = null;
        if (error.getNorm() <= target) {
            predicted = 0L;
            bound = 0L;
        } else if (slowest < 1 && stuck < target * target) {
            // the moving directions must come within what the flat ones leave of the target
            double left = Math.sqrt(target * target - stuck);
            bound = (long) Math.ceil(Math.log(left / Math.sqrt(moving)) / Math.log(slowest));
            // every component shrinks with every step, so the first step within is found by bisection
            long below = 0;
            long above = bound;
            while (above - below > 1) {
                long middle = (below + above) >>> 1;
                if (errorNorm(rate, components, middle) <= target) {
                    above = middle;
                } else {
                    below = middle;
                }
            }
            predicted = above;
        }
        return new ParameterConvergence(rate, WITHIN, startDistance, slowest, predicted, bound);
    }

    /** ‖θ_s − θ*‖ after {@code steps} steps, from the error's components along the eigenvectors. */
    private double errorNorm(double rate, double[] components, long steps) {
        double sum = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            double factor = flat[i] ? 1 : Math.pow(Math.abs(1 - rate * eigenvalues[i]), steps);
            sum += components[i] * components[i] * factor * factor;
        }
        return Math.sqrt(sum);
    }

    /** ‖θ − θ*‖/‖θ*‖: NaN where θ* is 0 or a value is not finite. */
    public static double distance(double[] parameters, double[] optimum) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < optimum.length; i++) {
            difference += (parameters[i] - optimum[i]) * (parameters[i] - optimum[i]);
            norm += optimum[i] * optimum[i];
        }
        double distance = Math.sqrt(difference / norm);
        return norm == 0 || !Double.isFinite(distance) ? Double.NaN : distance;
    }
}
