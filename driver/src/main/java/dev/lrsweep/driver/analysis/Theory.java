package dev.lrsweep.driver.analysis;

/**
 * What theory says about gradient descent on this dataset's mean squared error.
 *
 * <p>The loss L(θ) = (1/n)·‖A·θ − y‖² with A = [X | 1] and θ = (w, b) is quadratic with Hessian
 * H = (2/n)·AᵀA. Gradient descent with rate η multiplies the error along each eigenvector of H by
 * (1 − η·λ), so it converges only if |1 − η·λ_max| &lt; 1, i.e. η &lt; 2/λ_max, and the rate that
 * contracts the slowest direction as fast as the fastest one is 2/(λ_min + λ_max) (Nesterov,
 * Introductory Lectures on Convex Optimization, §1.2.3; Boyd and Vandenberghe, §9.3).
 *
 * @param exactWeights    the least-squares weights
 * @param exactBias       the least-squares bias
 * @param optimalLoss     the loss at the least-squares solution: the floor no fit can beat
 * <p>A singular H (a constant column, collinear columns, fewer rows than parameters) has directions
 * along which the loss is flat: the optimal loss is still reached, but the minimum is a line or a
 * plane, gradient descent never moves the parameters along those directions, and the exact weights
 * given are the minimum-norm ones. λ_min then means the smallest eigenvalue above the tolerance of
 * {@link StabilityTheory}.
 *
 * @param exactWeights    the least-squares weights (minimum-norm where H is singular)
 * @param exactBias       the least-squares bias
 * @param optimalLoss     the loss at the least-squares solution: the floor no fit can beat
 * @param eigenvalues     the eigenvalues of H, ascending; those within rounding of zero are 0
 * @param flatDirections  how many eigenvalues are zero: directions in which the loss is flat (0 if H is regular)
 * @param lrCritical      2/λ_max: plain gradient descent diverges above it
 * @param lrSafe          a rate below which every step lowers the loss; for a quadratic, lr_critical
 *                        itself (each eigen-component of the error shrinks by |1 − lr·λ| &lt; 1)
 * @param sharpnessStart  λ_max of the Hessian at the start point; for a quadratic, λ_max everywhere
 * @param lrOptimal       2/(λ_min + λ_max): the fastest fixed rate, λ_min the smallest non-zero eigenvalue
 * @param conditionNumber λ_max/λ_min, λ_min the smallest non-zero eigenvalue
 */
public record Theory(double[] exactWeights, double exactBias, double optimalLoss, double[] eigenvalues,
                     int flatDirections, double lrCritical, double lrSafe, double sharpnessStart, double lrOptimal,
                     double conditionNumber) {
}
