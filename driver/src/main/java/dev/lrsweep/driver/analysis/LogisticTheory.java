package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
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
     * What theory says without the rows (they stay on the executors): {@code lr_safe}, from the data's
     * moments; the optimum and the Hessians need passes over the rows and are left out.
     */
    public static Theory bounds(Moments moments) {
        double lrSafe = 2 / (Hessians.largest(new Array2DRowRealMatrix(moments.gram(), false)) / 4);
        return new Theory(null, null, Double.NaN, Theory.BEST_IN_GRID, null, null, null, lrSafe, null, null, null,
                null);
    }

    public static Theory of(Dataset data, Layout layout, Parameters start) {
        Design design = new Design(data);
        double lrSafe = 2 / (Hessians.largest(design.gram()) / 4);
        double sharpnessStart = Hessians.largest(design.hessian(new ArrayRealVector(start.values())));
        RealVector theta = new ArrayRealVector(design.columns);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            if (design.separates(theta)) {
                break;
            }
            RealVector gradient = design.gradient(theta);
            RealMatrix hessian = design.hessian(theta);
            RealVector newton = new SingularValueDecomposition(hessian).getSolver().solve(gradient);
            double decrement = gradient.dotProduct(newton);
            double loss = design.loss(theta);
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
                    && !(design.loss(theta.subtract(newton.mapMultiply(step))) <= loss - 1e-4 * step * decrement)) {
                step /= 2;
            }
            theta = theta.subtract(newton.mapMultiply(step));
        }
        return new Theory(null, null, Double.NaN, Theory.BEST_IN_GRID, null, null, null, lrSafe, sharpnessStart, null,
                null, true);
    }

    /** The augmented design A = [X | 1] and the labels, with the loss, gradient and Hessian at θ. */
    private static final class Design {
        private final double[][] rows;
        private final double[] labels;
        private final int columns;

        Design(Dataset data) {
            int d = data.features();
            columns = d + 1;
            double[] x = data.x();
            labels = data.y();
            rows = new double[data.rows()][columns];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(x, i * d, rows[i], 0, d);
                rows[i][d] = 1;
            }
        }

        private double logit(int row, RealVector theta) {
            double z = 0;
            for (int j = 0; j < columns; j++) {
                z += rows[row][j] * theta.getEntry(j);
            }
            return z;
        }

        /** The mean of softplus(z) − y·z, with softplus(z) = max(z, 0) + log1p(exp(−|z|)). */
        double loss(RealVector theta) {
            double sum = 0;
            for (int i = 0; i < rows.length; i++) {
                double z = logit(i, theta);
                sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[i] * z;
            }
            return sum / rows.length;
        }

        /** Whether θ classifies every row right with a positive margin. */
        boolean separates(RealVector theta) {
            for (int i = 0; i < rows.length; i++) {
                if ((2 * labels[i] - 1) * logit(i, theta) <= 0) {
                    return false;
                }
            }
            return true;
        }

        RealVector gradient(RealVector theta) {
            double[] g = new double[columns];
            for (int i = 0; i < rows.length; i++) {
                double residual = sigmoid(logit(i, theta)) - labels[i];
                for (int j = 0; j < columns; j++) {
                    g[j] += residual * rows[i][j] / rows.length;
                }
            }
            return new ArrayRealVector(g, false);
        }

        RealMatrix hessian(RealVector theta) {
            double[] weights = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double p = sigmoid(logit(i, theta));
                weights[i] = p * (1 - p);
            }
            return weighted(weights);
        }

        /** AᵀA/n. */
        RealMatrix gram() {
            double[] ones = new double[rows.length];
            java.util.Arrays.fill(ones, 1);
            return weighted(ones);
        }

        /** AᵀWA/n for the diagonal W = diag(weights). */
        private RealMatrix weighted(double[] weights) {
            double[][] h = new double[columns][columns];
            for (int i = 0; i < rows.length; i++) {
                double[] a = rows[i];
                double w = weights[i] / rows.length;
                for (int j = 0; j < columns; j++) {
                    double wa = w * a[j];
                    for (int l = 0; l <= j; l++) {
                        h[j][l] += wa * a[l];
                    }
                }
            }
            for (int j = 0; j < columns; j++) {
                for (int l = 0; l < j; l++) {
                    h[l][j] = h[j][l];
                }
            }
            return new Array2DRowRealMatrix(h, false);
        }

        private static double sigmoid(double z) {
            return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        }
    }
}
