package dev.lrsweep.driver.analysis;

/**
 * Where descent with coupled weight decay settles: the minimiser of loss + Σ_j λ_j·θ_j²/2 (λ_j the decay of
 * parameter j: λ, or 0 for a bias left out), for least squares the ridge solution, for logistic and softmax
 * regression Newton's.
 *
 * @param parameters the optimum
 * @param loss       the data's loss there, without the decay's term: the floor a decayed fit settles at
 * @param lrCritical gd's limit there, 2/λ_max(H + diag(λ_j))
 */
public record RegularisedOptimum(double[] parameters, double loss, double lrCritical) {
}
