package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What theory says about gradient descent on this sweep's model and data; each family's theory class
 * fills what is defined for it ({@link LinearTheory}, {@link NewtonTheory}, {@link NetworkTheory}),
 * and a key that is not defined is left out of results.json rather than given a wrong value.
 *
 * <p>Gradient descent with rate η on a loss with Hessian H near a minimum multiplies the error along
 * each eigenvector of H by (1 − η·λ), so it settles there only if η &lt; 2/λ_max, and the rate that
 * contracts the slowest direction as fast as the fastest is 2/(λ_min + λ_max) (Nesterov, Introductory
 * Lectures on Convex Optimization, §1.2.3; Boyd and Vandenberghe, §9.3). Where the Hessian is singular
 * (a constant column, collinear columns, fewer rows than parameters) λ_min means the smallest
 * eigenvalue above the family's tolerance, and the exact parameters are the minimum-norm ones.
 *
 * @param exactParameters the parameters at the optimum, as results.json's {@code start} holds them; null
 *                        where no finite optimum is known
 * @param optimalLoss     the loss at the optimum; null where none is known
 * @param floor           the loss the regimes measure the excess from: the optimal loss where known,
 *                        else the best loss reached anywhere in the grid (see {@code floorSource})
 * @param floorSource     {@code optimal_loss} or {@code best_in_grid}
 * @param eigenvalues     the eigenvalues of the Hessian at the optimum, ascending, those within rounding
 *                        of zero as 0; null where no optimum is known
 * @param flatDirections  how many eigenvalues are zero: directions in which the loss is flat there
 * @param lrCritical      2/λ_max at the optimum: plain gradient descent cannot settle above it
 * @param lrSafe          a rate below which every step is guaranteed to lower the loss
 * @param sharpnessStart  λ_max of the Hessian at the start point (for a network, measured)
 * @param lrOptimal       2/(λ_min + λ_max) at the optimum: the fastest fixed rate near it
 * @param conditionNumber λ_max/λ_min at the optimum
 * @param separable       logistic and softmax regression only: whether hyperplanes separate the classes, so that
 *                        the loss has no finite minimum (it tends to 0 as the weights grow)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Theory(Map<String, Object> exactParameters, Double optimalLoss, double floor, String floorSource,
                     double[] eigenvalues, Integer flatDirections, Double lrCritical, Double lrSafe,
                     Double sharpnessStart, Double lrOptimal, Double conditionNumber, Boolean separable) {

    /** The floor's source where the optimal loss is known. */
    public static final String OPTIMAL_LOSS = "optimal_loss";
    /** The floor's source where it is the best loss the grid reached. */
    public static final String BEST_IN_GRID = "best_in_grid";

    /** Whether the floor must come from the grid's results (no optimal loss is known). */
    public boolean floorFromGrid() {
        return optimalLoss == null;
    }

    /** The theory with {@code sharpness_start} measured before the fits (a network's). */
    public Theory withSharpnessStart(double measured) {
        return new Theory(exactParameters, optimalLoss, floor, floorSource, eigenvalues, flatDirections, lrCritical,
                lrSafe, measured, lrOptimal, conditionNumber, separable);
    }

    /**
     * The theory completed by what the fits measured: where no optimal loss is known, the floor is
     * {@code bestLoss}; where theory has no sharpness at the start, the measured one.
     */
    public Theory completedBy(double bestLoss, Double measuredSharpnessStart) {
        return new Theory(exactParameters, optimalLoss, floorFromGrid() ? bestLoss : floor,
                floorFromGrid() ? BEST_IN_GRID : OPTIMAL_LOSS, eigenvalues, flatDirections, lrCritical, lrSafe,
                sharpnessStart == null ? measuredSharpnessStart : sharpnessStart, lrOptimal, conditionNumber, separable);
    }
}
