package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The {@link Theory} of logistic regression, with Commons Math. With A = [X | 1], p = sigmoid(A·θ) and
 * D = diag(p(1 − p)), the cross-entropy's gradient is Aᵀ(p − y)/n and its Hessian H(θ) = AᵀDA/n.
 * <ul>
 *   <li>{@code lr_safe} = 2/L with L = λ_max(AᵀA)/(4n): p(1 − p) ≤ 1/4 bounds H everywhere, so the loss
 *       is L-smooth and every step below 2/L lowers it (the descent lemma).</li>
 *   <li>{@code sharpness_start} = λ_max(H(θ₀)) at the start point.</li>
 *   <li>The optimum by Newton's method (iteratively reweighted least squares) from θ = 0, each step
 *       halved until the loss drops enough (Armijo, 1e-4), until the Newton decrement gᵀH⁻¹g falls
 *       below {@value #DECREMENT} (full steps once it is within the loss's rounding, where a line search
 *       cannot tell better from worse); {@code lr_critical} = 2/λ_max(H(θ*)), the eigenvalues and
 *       {@code lr_optimal} from H(θ*).</li>
 *   <li>Separable classes: where some θ classifies every row right with a positive margin, the loss
 *       tends to 0 as θ grows along it and has no finite minimum. Newton's iterates find such a θ on
 *       the way (which proves it), or do not settle within {@value #MAX_ITERATIONS} steps (a quasi-separable
 *       boundary row); either way {@code separable} is true and the optimum, its loss and
 *       {@code lr_critical} are left out.</li>
 * </ul>
 */
public final class LogisticTheory {
    static final double DECREMENT = 1e-24;
    private static final double QUADRATIC = 1e-12;
    static final int MAX_ITERATIONS = 100;

    private LogisticTheory() {
    }

    /**
     * A pass over the rows at θ: the sums of {@link LogisticSums}, wherever the rows are (the driver's memory, or
     * slices cached on the executors).
     */
    @FunctionalInterface
    public interface Rows {
        /** The rows' sums at θ. */
        LogisticSums at(double[] theta, LogisticSums.Need need);
    }

    /** The theory on rows the driver holds. */
    public static Theory of(Dataset data, Layout layout, Parameters start) {
        return of((theta, need) -> new LogisticSums(theta, need).add(data), layout, start);
    }

    /**
     * The theory on rows wherever they are: every quantity is a mean over the rows, so the same in grid and data
     * parallelism up to the order of summation. Newton's method takes about ten passes (a few more for its line
     * search), each with the (d+1)² Hessian: cheap beside a sweep of hundreds of passes.
     */
    public static Theory of(Rows rows, Layout layout, Parameters start) {
        int columns = layout.size();
        double lrSafe = 2 / (Hessians.largest(rows.at(new double[columns], LogisticSums.Need.GRAM).matrix()) / 4);
        double sharpnessStart = Hessians.largest(rows.at(start.values(), LogisticSums.Need.HESSIAN).matrix());
        RealVector theta = new ArrayRealVector(columns);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            LogisticSums here = rows.at(theta.toArray(), LogisticSums.Need.HESSIAN);
            if (here.separates()) {
                break;
            }
            RealVector gradient = here.gradient();
            RealMatrix hessian = here.matrix();
            RealVector newton = new SingularValueDecomposition(hessian).getSolver().solve(gradient);
            double decrement = gradient.dotProduct(newton);
            double loss = here.loss();
            if (decrement < DECREMENT) {
                Hessians.Spectrum spectrum = Hessians.spectrum(hessian);
                double max = spectrum.max();
                return new Theory(new Parameters(layout, theta.toArray()).toTree(), loss, loss, Theory.OPTIMAL_LOSS,
                        spectrum.eigenvalues(), spectrum.flatDirections(), 2 / max, lrSafe, sharpnessStart,
                        2 / (spectrum.smallestNonZero() + max), max / spectrum.smallestNonZero(), false);
            }
            double step = 1;
            // where the decrement is within the loss's rounding, Newton's full step is taken: the line search
            // could not tell a better point from a worse one there, and it converges quadratically
            while (step > 1e-12 && decrement > QUADRATIC * Math.max(loss, Double.MIN_NORMAL)
                    && !(rows.at(theta.subtract(newton.mapMultiply(step)).toArray(), LogisticSums.Need.LOSS).loss()
                    <= loss - 1e-4 * step * decrement)) {
                step /= 2;
            }
            theta = theta.subtract(newton.mapMultiply(step));
        }
        return new Theory(null, null, Double.NaN, Theory.BEST_IN_GRID, null, null, null, lrSafe, sharpnessStart, null,
                null, true);
    }
}
