package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.BatchDescent;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.descent.TrialStatus;
import dev.lrsweep.worker.model.ModelSpec;
import org.junit.jupiter.api.Test;

class LinearTheoryTest {
    /** x = 0, 1, 2 and y = 1, 2, 4: small enough to work by hand. */
    private static final Dataset THREE_POINTS = new Dataset(3, 1, new double[] {0, 1, 2}, new double[] {1, 2, 4});

    /**
     * By hand: A = [x | 1], AᵀA = [[5, 3], [3, 3]] with eigenvalues 4 ± √10, so H = (2/3)·AᵀA has
     * λ = (2/3)(4 ± √10); lr_critical = 2/λ_max = 3/(4 + √10); lr_optimal = 2/(λ_min + λ_max) = 3/8.
     * Least squares: w = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)² = 3/2, b = ȳ − w·x̄ = 5/6, residuals 1/6, −1/3,
     * 1/6, so the optimal loss is (1/36 + 1/9 + 1/36)/3 = 1/18.
     */
    @Test
    void limitsAndOptimumMatchAHandComputation() {
        Theory theory = theory(THREE_POINTS);

        double root10 = Math.sqrt(10);
        assertThat(theory.eigenvalues()).containsExactly(
                new double[] {2.0 / 3 * (4 - root10), 2.0 / 3 * (4 + root10)}, within(1e-12));
        assertThat(theory.lrCritical()).isCloseTo(3 / (4 + root10), within(1e-12));
        assertThat(theory.lrSafe()).isEqualTo(theory.lrCritical());
        assertThat(theory.sharpnessStart()).isCloseTo(2.0 / 3 * (4 + root10), within(1e-12));
        assertThat(theory.lrOptimal()).isCloseTo(3.0 / 8, within(1e-12));
        assertThat(theory.conditionNumber()).isCloseTo((4 + root10) / (4 - root10), within(1e-9));
        assertThat((double[]) theory.exactParameters().get("weights")).containsExactly(new double[] {1.5}, within(1e-12));
        assertThat((double) theory.exactParameters().get("bias")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(theory.optimalLoss()).isCloseTo(1.0 / 18, within(1e-12));
    }

    /** The closed-form limit is where SameDiff gradient descent really turns: converges 2% below, diverges 2% above. */
    @Test
    void gradientDescentConvergesJustBelowTheLimitAndDivergesJustAbove() {
        Theory theory = theory(THREE_POINTS);
        TrialBatch batch = new TrialBatch(new double[] {0.98 * theory.lrCritical(), 1.02 * theory.lrCritical()},
                new int[] {3000}, ModelSpec.linear(), LinearStart.of(new double[] {0}, 0), 1e6, 10, Precision.FLOAT64);

        var runs = BatchDescent.fit(THREE_POINTS, batch);

        assertThat(runs.get(0).status()).isEqualTo(TrialStatus.OK);
        assertThat(runs.get(0).states().get(0).loss()).isCloseTo(theory.optimalLoss(), within(1e-9));
        assertThat(runs.get(1).status()).isEqualTo(TrialStatus.DIVERGED);
    }

    /**
     * A duplicated column makes H singular: A = [x, x, 1] has a zero eigenvalue of AᵀA along
     * (1, −1, 0), which rounding turns into ±1e-16. It counts as flat, and lr_optimal and the
     * condition number use the non-zero eigenvalues. Those are exactly the eigenvalues of the regular
     * twin B = [√2·x, 1], since A = B·Q with Q = [[1/√2, 1/√2, 0], [0, 0, 1]] of orthonormal rows, so
     * AᵀA = Qᵀ(BᵀB)Q. The minimum-norm weights split the twin's w = 1.5/√2·√2 evenly: 0.75 each.
     */
    @Test
    void aSingularHessianCountsItsFlatDirectionsAndUsesTheSmallestNonZeroEigenvalue() {
        Dataset duplicated = new Dataset(3, 2, new double[] {0, 0, 1, 1, 2, 2}, new double[] {1, 2, 4});
        double root2 = Math.sqrt(2);
        Dataset merged = new Dataset(3, 1, new double[] {0, root2, 2 * root2}, new double[] {1, 2, 4});

        Theory singular = theory(duplicated);
        Theory regular = theory(merged);

        assertThat(singular.flatDirections()).isEqualTo(1);
        assertThat(singular.eigenvalues()[0]).isZero();
        assertThat(singular.eigenvalues()[1]).isCloseTo(regular.eigenvalues()[0], within(1e-12));
        assertThat(singular.lrOptimal()).isCloseTo(regular.lrOptimal(), within(1e-12));
        assertThat(singular.conditionNumber()).isCloseTo(regular.conditionNumber(), within(1e-6));
        assertThat(singular.lrCritical()).isCloseTo(regular.lrCritical(), within(1e-12));
        assertThat(singular.optimalLoss()).isCloseTo(1.0 / 18, within(1e-12));
        assertThat((double[]) singular.exactParameters().get("weights"))
                .containsExactly(new double[] {0.75, 0.75}, within(1e-12));
        assertThat(regular.flatDirections()).isZero();
        assertThat(theory(new Dataset(1, 1, new double[] {3}, new double[] {2})).flatDirections())
                .as("one row").isEqualTo(1);
    }

    private static Theory theory(Dataset data) {
        dev.lrsweep.worker.LeastSquares exact = dev.lrsweep.worker.LeastSquares.of(data);
        return LinearTheory.of(exact, QuadraticDescent.of(exact), ModelSpec.linear().layout(data.features()));
    }
}
