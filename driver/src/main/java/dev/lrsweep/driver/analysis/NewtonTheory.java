package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The {@link Theory} of a classifier whose cross-entropy is convex in its parameters (logistic and softmax
 * regression), with Commons Math, from a family's {@link NewtonSums}:
 * <ul>
 *   <li>{@code lr_safe} = 2/L with L = c·λ_max(AᵀA/n), A = [X | 1] and c the family's {@link NewtonSums#gramBound}:
 *       c·AᵀA/n bounds the Hessian everywhere, so the loss is L-smooth and every step below 2/L lowers it (the
 *       descent lemma).</li>
 *   <li>{@code sharpness_start} = λ_max(H(θ₀)) at the start point.</li>
 *   <li>The optimum by Newton's method from the family's {@link NewtonSums#newtonStart}, each step halved until
 *       the loss drops enough (Armijo, 1e-4), until the Newton decrement gᵀH⁻¹g falls below {@value #DECREMENT}
 *       (full steps once it is within the loss's rounding, where a line search cannot tell better from worse);
 *       {@code lr_critical} = 2/λ_max(H(θ*)), the eigenvalues and {@code lr_optimal} from H(θ*).</li>
 *   <li>Separable classes: where some θ classifies every row right with a positive margin, the loss tends to 0
 *       as θ grows along it and has no finite minimum. Newton's iterates find such a θ on the way (which proves
 *       it), or do not settle within {@value #MAX_ITERATIONS} steps (a quasi-separable boundary row); either way
 *       {@code separable} is true and the optimum, its loss and {@code lr_critical} are left out.</li>
 * </ul>
 * Every quantity is a mean over the rows, so the same in grid and data parallelism up to the order of summation.
 * Newton's method takes about ten passes (a few more for its line search): cheap beside a sweep of hundreds.
 */
public final class NewtonTheory {
    static final double DECREMENT = 1e-24;
    private static final double QUADRATIC = 1e-12;
    static final int MAX_ITERATIONS = 100;

    private NewtonTheory() {
    }

    /**
     * The theory on {@code rows}.
     *
     * @param empty the family's sums at any point, whose {@link NewtonSums#at} makes each pass's
     */
    public static <S extends NewtonSums<S>> Theory of(RowPasses rows, S empty, Layout layout, Parameters start) {
        int columns = layout.size();
        double lrSafe = 2 / (empty.gramBound()
                * Hessians.largest(rows.sum(empty.at(new double[columns], NewtonSums.Need.GRAM)).matrix()));
        double sharpnessStart = Hessians.largest(rows.sum(empty.at(start.values(), NewtonSums.Need.HESSIAN)).matrix());
        RealVector theta = new ArrayRealVector(empty.newtonStart(start.values()), false);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            S here = rows.sum(empty.at(theta.toArray(), NewtonSums.Need.HESSIAN));
            if (here.separates()) {
                break;
            }
            RealVector gradient = here.gradient();
            RealVector newton = new SingularValueDecomposition(here.newtonMatrix()).getSolver().solve(gradient);
            double decrement = gradient.dotProduct(newton);
            double loss = here.loss();
            if (decrement < DECREMENT) {
                Hessians.Spectrum spectrum = Hessians.spectrum(here.matrix());
                double max = spectrum.max();
                return new Theory(new Parameters(layout, theta.toArray()).toTree(), loss, loss, Theory.OPTIMAL_LOSS,
                        spectrum.eigenvalues(), spectrum.flatDirections(), 2 / max, lrSafe, sharpnessStart,
                        2 / (spectrum.smallestNonZero() + max), max / spectrum.smallestNonZero(), false);
            }
            double step = 1;
            // where the decrement is within the loss's rounding, Newton's full step is taken: the line search
            // could not tell a better point from a worse one there, and it converges quadratically
            while (step > 1e-12 && decrement > QUADRATIC * Math.max(loss, Double.MIN_NORMAL)
                    && !(rows.sum(empty.at(theta.subtract(newton.mapMultiply(step)).toArray(), NewtonSums.Need.LOSS))
                    .loss() <= loss - 1e-4 * step * decrement)) {
                step /= 2;
            }
            theta = theta.subtract(newton.mapMultiply(step));
        }
        return new Theory(null, null, Double.NaN, Theory.BEST_IN_GRID, null, null, null, lrSafe, sharpnessStart, null,
                null, true);
    }

    /**
     * The optimum under coupled weight decay, where plain descent with decay settles: the minimum of
     * F(θ) = L(θ) + Σ_j λ_j·θ_j²/2 ({@code decay}: each parameter's λ_j), by Newton's method on F (gradient g + λ⊙θ,
     * Hessian H + diag(λ)) from the family's start, each step halved until F drops enough, until the decrement falls
     * below {@value #DECREMENT}. Decay on every parameter makes F strictly convex with a finite minimum even where the
     * classes separate.
     *
     * @return the optimum, its data loss L and gd's limit 2/λ_max(H + diag(λ)) there; null where Newton does not
     *         settle within {@value #MAX_ITERATIONS} steps (decay left off a direction the data cannot fix)
     */
    public static <S extends NewtonSums<S>> RegularisedOptimum regularised(RowPasses rows, S empty, double[] decay,
                                                                            Parameters start) {
        RealMatrix decays = MatrixUtils.createRealDiagonalMatrix(decay);
        RealVector theta = new ArrayRealVector(empty.newtonStart(start.values()), false);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            S here = rows.sum(empty.at(theta.toArray(), NewtonSums.Need.HESSIAN));
            RealVector gradient = here.gradient().add(decays.operate(theta));
            RealMatrix hessian = here.matrix().add(decays);
            RealVector newton = new SingularValueDecomposition(hessian).getSolver().solve(gradient);
            double decrement = gradient.dotProduct(newton);
            double objective = here.loss() + penalty(decay, theta);
            if (decrement < DECREMENT) {
                return new RegularisedOptimum(theta.toArray(), here.loss(), 2 / Hessians.largest(hessian));
            }
            double step = 1;
            while (step > 1e-12 && decrement > QUADRATIC * Math.max(objective, Double.MIN_NORMAL)) {
                RealVector trial = theta.subtract(newton.mapMultiply(step));
                double at = rows.sum(empty.at(trial.toArray(), NewtonSums.Need.LOSS)).loss() + penalty(decay, trial);
                if (at <= objective - 1e-4 * step * decrement) {
                    break;
                }
                step /= 2;
            }
            theta = theta.subtract(newton.mapMultiply(step));
        }
        return null;
    }

    private static double penalty(double[] decay, RealVector theta) {
        double penalty = 0;
        for (int j = 0; j < decay.length; j++) {
            penalty += decay[j] * theta.getEntry(j) * theta.getEntry(j) / 2;
        }
        return penalty;
    }
}
