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
 * @param eigenvalues     the eigenvalues of H, ascending
 * @param lrCritical      2/λ_max: plain gradient descent diverges above it
 * @param lrOptimal       2/(λ_min + λ_max): the fastest fixed rate
 * @param conditionNumber λ_max/λ_min (infinite if H is singular)
 */
public record Theory(double[] exactWeights, double exactBias, double optimalLoss, double[] eigenvalues,
                     double lrCritical, double lrOptimal, double conditionNumber) {
}
