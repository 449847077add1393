package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.config.SyntheticDataConfig;
import dev.lrsweep.driver.data.SyntheticData;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class LogisticTheoryTest {
    private static final Dataset NOISY = SyntheticData.generate(new SyntheticDataConfig(2000, SyntheticDataConfig.Task.CLASSIFICATION,
            new double[] {3, -2}, 0.5, 0, 7L)).dataset();
    private static final Layout LAYOUT = ModelSpec.logistic().layout(2);

    /**
     * Against an independent Newton solve written here: plain arrays, full steps from zero, Cramer's
     * rule for the 3×3 systems; and the Hessians built row by row, their eigenvalues by Commons Math.
     */
    @Test
    void theOptimumAndLimitsMatchAnIndependentNewtonSolve() {
        Parameters start = new Parameters(LAYOUT, new double[] {0.5, 1, -0.25});

        Theory theory = logistic(NOISY, start);

        double[] theta = new double[3];
        for (int iteration = 0; iteration < 40; iteration++) {
            double[] g = new double[3];
            double[][] h = hessian(theta);
            for (int r = 0; r < NOISY.rows(); r++) {
                double[] a = row(r);
                double p = 1 / (1 + Math.exp(-dot(a, theta)));
                for (int j = 0; j < 3; j++) {
                    g[j] += (p - NOISY.y()[r]) * a[j] / NOISY.rows();
                }
            }
            double[] step = solve(h, g);
            for (int j = 0; j < 3; j++) {
                theta[j] -= step[j];
            }
        }
        double loss = 0;
        for (int r = 0; r < NOISY.rows(); r++) {
            double z = dot(row(r), theta);
            loss += (Math.log(1 + Math.exp(z)) - NOISY.y()[r] * z) / NOISY.rows();
        }
        assertThat(theory.separable()).isFalse();
        assertThat((double[]) theory.exactParameters().get("weights"))
                .containsExactly(new double[] {theta[0], theta[1]}, within(1e-9));
        assertThat((double) theory.exactParameters().get("bias")).isCloseTo(theta[2], within(1e-9));
        assertThat(theory.optimalLoss()).isCloseTo(loss, within(1e-12));
        assertThat(theory.floor()).isEqualTo(theory.optimalLoss());
        double atOptimum = largest(hessian(theta));
        assertThat(theory.lrCritical()).isCloseTo(2 / atOptimum, within(1e-9 * 2 / atOptimum));
        assertThat(theory.eigenvalues()[2]).isCloseTo(atOptimum, within(1e-9 * atOptimum));
        double sharpness = largest(hessian(start.values()));
        assertThat(theory.sharpnessStart()).isCloseTo(sharpness, within(1e-6 * sharpness));
        double[][] gram = new double[3][3];
        for (int r = 0; r < NOISY.rows(); r++) {
            double[] a = row(r);
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    gram[j][l] += a[j] * a[l] / NOISY.rows();
                }
            }
        }
        assertThat(theory.lrSafe()).isCloseTo(8 / largest(gram), within(1e-9));
        assertThat(theory.lrSafe()).as("the global bound is below the local limit").isLessThan(theory.lrCritical());
    }

    /** Two classes a line separates: the loss has no finite minimum, and no optimum or lr_critical is given. */
    @Test
    void separableClassesHaveNoOptimumAndNoCriticalRate() {
        double[] x = {-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2};
        double[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        Dataset separable = new Dataset(8, 1, x, y);
        Layout layout = ModelSpec.logistic().layout(1);

        Theory theory = logistic(separable, Parameters.filled(layout, 0));

        assertThat(theory.separable()).isTrue();
        assertThat(theory.optimalLoss()).isNull();
        assertThat(theory.lrCritical()).isNull();
        assertThat(theory.exactParameters()).isNull();
        assertThat(theory.floorFromGrid()).isTrue();
        assertThat(theory.lrSafe()).isPositive();
        assertThat(theory.sharpnessStart()).as("p(1 − p) = 1/4 at zero: λ_max(AᵀA)/(4n)")
                .isCloseTo(2 / theory.lrSafe(), within(1e-12));
    }

    private static Theory logistic(Dataset rows, Parameters start) {
        return NewtonTheory.of(RowPasses.of(rows), new LogisticSums(start.values(), NewtonSums.Need.LOSS),
                start.layout(), start);
    }

    private static double[] row(int r) {
        return new double[] {NOISY.feature(r, 0), NOISY.feature(r, 1), 1};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[][] hessian(double[] theta) {
        double[][] h = new double[3][3];
        for (int r = 0; r < NOISY.rows(); r++) {
            double[] a = row(r);
            double p = 1 / (1 + Math.exp(-dot(a, theta)));
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    h[j][l] += p * (1 - p) * a[j] * a[l] / NOISY.rows();
                }
            }
        }
        return h;
    }

    private static double largest(double[][] symmetric) {
        return Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(symmetric)).getRealEigenvalues())
                .max().orElseThrow();
    }

    /** Cramer's rule. */
    private static double[] solve(double[][] m, double[] b) {
        double det = det(m);
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] replaced = new double[3][];
            for (int r = 0; r < 3; r++) {
                replaced[r] = m[r].clone();
                replaced[r][c] = b[r];
            }
            x[c] = det(replaced) / det;
        }
        return x;
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }
}
