package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;

/**
 * The {@link Theory} of linear least squares, with Commons Math: the exact fit ({@link LeastSquares}:
 * one pass for the moments, the normal equations solved through an SVD, the loss from the residuals),
 * and the eigenvalues of the Hessian H = 2·AᵀA/n, A = [X | 1]. The loss is quadratic, so H is the same
 * everywhere: lr_safe equals lr_critical (each eigen-component of the error shrinks by |1 − lr·λ| &lt; 1)
 * and the sharpness at the start is λ_max.
 */
public final class LinearTheory {

    private LinearTheory() {
    }

    /**
     * The theory of the exact fit, from the rows or from their moments, with H's spectrum from {@code descent}'s
     * eigendecomposition (made once: on wide data it takes seconds).
     */
    public static Theory of(LeastSquares exact, QuadraticDescent descent, Layout layout) {
        Hessians.Spectrum spectrum = descent.spectrum();
        double max = spectrum.max();
        return new Theory(new Parameters(layout, exact.solution()).toTree(), exact.optimalLoss(), exact.optimalLoss(),
                Theory.OPTIMAL_LOSS, spectrum.eigenvalues(), spectrum.flatDirections(), 2 / max, 2 / max, max,
                2 / (spectrum.smallestNonZero() + max), max / spectrum.smallestNonZero(), null);
    }
}
