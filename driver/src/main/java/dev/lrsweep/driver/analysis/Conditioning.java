package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Moments;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;

/**
 * How well conditioned the data are, as given and standardised: λ_max/λ_min of AᵀA/n with A = [X | 1]
 * (λ_min the smallest eigenvalue above the flat tolerance), the Hessian of least squares up to a factor
 * 2, and the curvature every model's first layer sees. Gradient descent on least squares needs steps in
 * proportion to it to converge at its best rate (the slowest direction contracts by
 * 1 − 2/(κ + 1) per step), so standardising data with κ far above {@value #WORTH_STANDARDISING} pays.
 *
 * @param asGiven      the condition number of the features as they came
 * @param standardised the condition number of the features centred and scaled
 */
public record Conditioning(double asGiven, double standardised) {
    /** Above this condition number, the report suggests standardising (when that lowers it at least tenfold). */
    public static final double WORTH_STANDARDISING = 100;

    /** Both condition numbers, from the data's moments. */
    public static Conditioning of(Moments moments, double[] means, double[] scales) {
        return new Conditioning(conditionNumber(moments.gram()), conditionNumber(moments.transformed(means, scales).gram()));
    }

    /** Whether the report should suggest standardising this data. */
    public boolean worthStandardising() {
        return asGiven > WORTH_STANDARDISING && asGiven >= 10 * standardised;
    }

    private static double conditionNumber(double[][] gram) {
        Hessians.Spectrum spectrum = Hessians.spectrum(new Array2DRowRealMatrix(gram));
        return spectrum.max() / spectrum.smallestNonZero();
    }
}
