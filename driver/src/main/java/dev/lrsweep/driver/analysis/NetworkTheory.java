package dev.lrsweep.driver.analysis;

/**
 * The {@link Theory} of a network: no closed form. The loss is not convex, its minima are not known,
 * and its Hessian changes as the fit moves, so nothing is computed before the fits: the fits measure
 * the sharpness (λ_max of the Hessian) at the start and at every step count, and the floor the regimes
 * measure from is the best loss reached anywhere in the grid ({@link Theory#completedBy}). Gradient
 * descent at rate lr drives the sharpness towards 2/lr ("edge of stability", Cohen et al., ICLR 2021);
 * a rate whose 2/lr is below the start sharpness overshoots from its first steps.
 */
public final class NetworkTheory {

    private NetworkTheory() {
    }

    public static Theory of() {
        return new Theory(null, null, Double.NaN, Theory.BEST_IN_GRID, null, null, null, null, null, null, null, null);
    }
}
