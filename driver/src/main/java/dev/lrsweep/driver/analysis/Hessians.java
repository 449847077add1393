package dev.lrsweep.driver.analysis;

import java.util.Arrays;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Eigenvalues of a symmetric Hessian, with Commons Math. Eigenvalues at or below
 * {@value #FLAT_TOLERANCE} × λ_max count as zero: they are rounding noise around directions in which the
 * loss is flat (a constant column, collinear columns, fewer rows than parameters), and even where they
 * are real, gradient descent could not move along them in any practical number of steps. λ_min means
 * the smallest eigenvalue above that tolerance.
 */
final class Hessians {
    /** Eigenvalues at or below this share of the largest count as zero. */
    static final double FLAT_TOLERANCE = 1e-10;

    private Hessians() {
    }

    /**
     * A Hessian's spectrum.
     *
     * @param eigenvalues    ascending, those within the tolerance of zero as 0
     * @param flatDirections how many are zero
     */
    record Spectrum(double[] eigenvalues, int flatDirections) {
        double max() {
            return eigenvalues[eigenvalues.length - 1];
        }

        double smallestNonZero() {
            return eigenvalues[flatDirections];
        }
    }

    static Spectrum spectrum(RealMatrix hessian) {
        return spectrum(new EigenDecomposition(hessian).getRealEigenvalues());
    }

    /** The spectrum of a Hessian whose eigenvalues are given (in any order; the array is sorted in place). */
    static Spectrum spectrum(double[] eigenvalues) {
        Arrays.sort(eigenvalues);
        double max = eigenvalues[eigenvalues.length - 1];
        int flat = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (eigenvalues[i] <= FLAT_TOLERANCE * max) {
                eigenvalues[i] = 0.0;
                flat++;
            }
        }
        return new Spectrum(eigenvalues, flat);
    }

    /** λ_max alone. */
    static double largest(RealMatrix hessian) {
        double[] eigenvalues = new EigenDecomposition(hessian).getRealEigenvalues();
        return Arrays.stream(eigenvalues).max().orElseThrow();
    }
}
