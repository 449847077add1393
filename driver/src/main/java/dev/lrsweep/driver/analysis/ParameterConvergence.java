package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How many steps plain gradient descent at a rate needs to bring the parameters within a relative distance of
 * the exact optimum (see {@link QuadraticDescent}), beside what the sweep measured at that rate.
 *
 * @param learningRate   the rate: the series' best rate at its largest step count
 * @param within         the relative distance ‖θ − θ*‖/‖θ*‖ that counts as there (0.01)
 * @param startDistance  the start point's relative distance
 * @param slowestFactor  max(|1 − η·λ_min|, |1 − η·λ_max|): the error shrinks at least by this a step
 * @param predictedSteps the first step at which the distance is within, exactly for this quadratic; null: never
 * @param boundSteps     the steps the slowest factor alone guarantees (an upper bound); null: none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterConvergence(double learningRate, double within, double startDistance, double slowestFactor,
                                   Long predictedSteps, Long boundSteps) {
}
