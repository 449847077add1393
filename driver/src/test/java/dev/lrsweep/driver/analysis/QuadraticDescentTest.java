package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.LeastSquares;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The predicted steps to within 1% of θ* against plain gradient descent iterated by hand on the same quadratic. */
class QuadraticDescentTest {
    /** AᵀA/n of an ill-conditioned problem (eigenvalues of 2G about 4 and 2e-3) and its solution. */
    private static final double[][] GRAM = {{1.0, 0.999}, {0.999, 1.0}};
    private static final double[] SOLUTION = {2, -1};

    /** The first step at which descent on L = (θ − θ*)ᵀG(θ − θ*) from {@code start} is within 1% of θ*. */
    private static long iterated(double rate, double[] start) {
        double[] theta = start.clone();
        double norm = Math.hypot(SOLUTION[0], SOLUTION[1]);
        for (long step = 0; ; step++) {
            if (Math.hypot(theta[0] - SOLUTION[0], theta[1] - SOLUTION[1]) <= 0.01 * norm) {
                return step;
            }
            double[] gradient = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    gradient[i] += 2 * GRAM[i][j] * (theta[j] - SOLUTION[j]);
                }
            }
            theta[0] -= rate * gradient[0];
            theta[1] -= rate * gradient[1];
        }
    }

    @Test
    void thePredictionIsTheFirstStepWithinOnePercentAndTheBoundIsAbove() {
        QuadraticDescent descent = QuadraticDescent.of(new LeastSquares(GRAM, SOLUTION, 0.5));
        for (double rate : new double[] {0.05, 0.3, 0.49}) {
            double[] start = {0, 0};
            ParameterConvergence convergence = descent.predict(rate, start);
            assertThat(convergence.predictedSteps()).as("rate %s", rate).isEqualTo(iterated(rate, start));
            assertThat(convergence.boundSteps()).isGreaterThanOrEqualTo(convergence.predictedSteps());
            assertThat(convergence.slowestFactor()).isEqualTo(Math.max(Math.abs(1 - rate * 2 * 1.999),
                    Math.abs(1 - rate * 2 * 0.001)), org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(descent.predict(0.6, new double[] {0, 0}).predictedSteps()).as("beyond 2/λ_max: never").isNull();
    }

    @Test
    void aFlatDirectionKeepsTheErrorItStartsWith() {
        QuadraticDescent singular = QuadraticDescent.of(new LeastSquares(new double[][] {{1, 1}, {1, 1}},
                new double[] {1, 1}, 0));
        assertThat(singular.predict(0.1, new double[] {0, 0}).predictedSteps())
                .as("the start's error lies along (1, 1), which moves").isNotNull();
        assertThat(singular.predict(0.1, new double[] {1.5, 0.5}).predictedSteps())
                .as("half of the error lies along the flat (1, −1)").isNull();
    }

    /**
     * The ridge solution under weight decay, every parameter decayed and the second left out, against Commons Math's
     * LU solve of (H + diag(λ))θ = Hθ* to 1e-10, its loss against L* + ½(θ − θ*)ᵀH(θ − θ*) written out, and its
     * limit 2/λ_max(H + diag(λ)) against the eigenvalues of the 2×2 matrix in closed form.
     */
    @Test
    void theRidgeSolutionItsLossAndItsLimitAreCommonsMathsAndTheClosedForms() {
        QuadraticDescent descent = QuadraticDescent.of(new LeastSquares(GRAM, SOLUTION, 0.5));
        double[][] h = {{2 * GRAM[0][0], 2 * GRAM[0][1]}, {2 * GRAM[1][0], 2 * GRAM[1][1]}};
        for (double[] decay : new double[][] {{0.1, 0.1}, {0.3, 0}, {2, 2}}) {
            RegularisedOptimum ridge = descent.ridge(decay, 0.5);
            RealMatrix regularised = new Array2DRowRealMatrix(new double[][] {{h[0][0] + decay[0], h[0][1]},
                    {h[1][0], h[1][1] + decay[1]}});
            double[] want = new LUDecomposition(regularised).getSolver()
                    .solve(new Array2DRowRealMatrix(h).operate(new ArrayRealVector(SOLUTION))).toArray();
            for (int j = 0; j < 2; j++) {
                assertThat(ridge.parameters()[j]).as("decay %s, parameter %d", Arrays.toString(decay), j)
                        .isCloseTo(want[j], within(1e-10 * Math.abs(want[j])));
            }
            double[] error = {want[0] - SOLUTION[0], want[1] - SOLUTION[1]};
            double excess = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    excess += error[i] * h[i][j] * error[j] / 2;
                }
            }
            assertThat(ridge.loss()).isCloseTo(0.5 + excess, within(1e-12));
            double a = regularised.getEntry(0, 0);
            double d = regularised.getEntry(1, 1);
            double b = regularised.getEntry(0, 1);
            double largest = (a + d) / 2 + Math.sqrt((a - d) * (a - d) / 4 + b * b);
            assertThat(ridge.lrCritical()).isCloseTo(2 / largest, within(1e-12 * 2 / largest));
        }
    }
}
