package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/**
 * Softmax regression's theory against an independent solve: Newton's method in the reduced parameters that pin
 * class 0's weights to zero (a full-rank problem), each step by LU, its optimum carried to the flat directions'
 * complement; and the Hessian built row by row, its eigenvalues by Commons Math.
 */
class SoftmaxTheoryTest {
    private static final int K = 4;
    private static final int D = 3;
    private static final int P = (D + 1) * K;

    /** Four overlapping classes around four centres. */
    static Dataset fourClasses(int rows, long seed) {
        double[][] centres = {{1, 0, 0}, {0, 1, 0}, {-1, -1, 0.5}, {0.5, -0.5, -1}};
        Random random = new Random(seed);
        double[] x = new double[rows * D];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(K);
            y[i] = c;
            for (int j = 0; j < D; j++) {
                x[i * D + j] = centres[c][j] + 1.2 * random.nextGaussian();
            }
        }
        return new Dataset(rows, D, x, y);
    }

    @Test
    void theOptimumAndLimitsMatchAnIndependentSolve() {
        Dataset data = fourClasses(400, 2);
        ModelSpec model = ModelSpec.softmax(K);
        // a start with a part along the flat directions: the optimum keeps it
        double[] startValues = new Random(5).doubles(P, -0.5, 0.5).toArray();
        Parameters start = new Parameters(model.layout(D), startValues);

        Theory theory = FamilyTheory.SOFTMAX.of(new FamilyTheory.FittedRows(data, null, RowPasses.of(data)), model,
                start).theory();

        double[] optimum = flatPart(startValues);
        double[] reduced = reducedOptimum(data);
        for (int j = 0; j <= D; j++) {
            double mean = 0;
            for (int c = 1; c < K; c++) {
                mean += reduced[j * (K - 1) + c - 1] / K;
            }
            for (int c = 0; c < K; c++) {
                optimum[j * K + c] += (c == 0 ? 0 : reduced[j * (K - 1) + c - 1]) - mean;
            }
        }
        assertThat(theory.separable()).isFalse();
        double[] found = Parameters.fromTree(model.layout(D), theory.exactParameters()).values();
        assertThat(found).containsExactly(optimum, within(1e-8));
        double[] gradient = new double[P];
        double[][] hessian = new double[P][P];
        double loss = lossGradientHessian(data, optimum, gradient, hessian);
        assertThat(theory.optimalLoss()).isCloseTo(loss, within(1e-12));
        double[] eigenvalues = new EigenDecomposition(new Array2DRowRealMatrix(hessian)).getRealEigenvalues();
        double largest = Arrays.stream(eigenvalues).max().orElseThrow();
        assertThat(theory.lrCritical()).isCloseTo(2 / largest, within(1e-8 * 2 / largest));
        assertThat(theory.flatDirections()).as("one flat direction a column of A").isEqualTo(D + 1);
        double[][] atStart = new double[P][P];
        lossGradientHessian(data, startValues, new double[P], atStart);
        double sharpness = Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(atStart)).getRealEigenvalues())
                .max().orElseThrow();
        assertThat(theory.sharpnessStart()).isCloseTo(sharpness, within(1e-9 * sharpness));
        double[][] gram = new double[D + 1][D + 1];
        for (int i = 0; i < data.rows(); i++) {
            double[] a = row(data, i);
            for (int j = 0; j <= D; j++) {
                for (int l = 0; l <= D; l++) {
                    gram[j][l] += a[j] * a[l] / data.rows();
                }
            }
        }
        double gramLargest = Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(gram)).getRealEigenvalues())
                .max().orElseThrow();
        assertThat(theory.lrSafe()).as("4n/λ_max(AᵀA)").isCloseTo(4 / gramLargest, within(1e-12));
        assertThat(theory.lrSafe()).isLessThan(theory.lrCritical());
    }

    /**
     * The bound behind lr_safe, H ⪯ ½·(AᵀA/n) ⊗ I: at random points, near the origin and far out where the softmax
     * saturates, the exact Hessian's largest eigenvalue stays below ½·λ_max(AᵀA/n), so 2/L = lr_safe is safe.
     */
    @Test
    void theHessianNeverExceedsHalfTheGramMatrix() {
        Dataset data = fourClasses(200, 9);
        double[][] gram = new double[D + 1][D + 1];
        for (int i = 0; i < data.rows(); i++) {
            double[] a = row(data, i);
            for (int j = 0; j <= D; j++) {
                for (int l = 0; l <= D; l++) {
                    gram[j][l] += a[j] * a[l] / data.rows();
                }
            }
        }
        double bound = 0.5 * Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(gram)).getRealEigenvalues())
                .max().orElseThrow();
        Random random = new Random(21);
        double closest = 0;
        for (int point = 0; point < 30; point++) {
            double scale = point < 10 ? 0.1 : point < 20 ? 1 : 10;
            double[] theta = random.doubles(P, -scale, scale).toArray();
            double[][] hessian = new double[P][P];
            lossGradientHessian(data, theta, new double[P], hessian);
            double largest = Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(hessian)).getRealEigenvalues())
                    .max().orElseThrow();
            assertThat(largest).as("point %d (scale %s)", point, scale).isLessThanOrEqualTo(bound * (1 + 1e-12));
            closest = Math.max(closest, largest / bound);
        }
        // near the origin the probabilities are about 1/K each, and the Hessian reaches about 1/K of the Gram matrix
        assertThat(closest).isGreaterThan(0.2);
    }

    /** Classes a plane separates: no finite optimum, no lr_critical. */
    @Test
    void separableClassesHaveNoOptimum() {
        double[] x = {-3, -2.5, -0.2, 0.2, 2.5, 3};
        double[] y = {0, 0, 1, 1, 2, 2};
        Dataset separable = new Dataset(6, 1, x, y);
        ModelSpec model = ModelSpec.softmax(3);
        Parameters start = Parameters.filled(model.layout(1), 0);

        Theory theory = FamilyTheory.SOFTMAX.of(new FamilyTheory.FittedRows(separable, null,
                RowPasses.of(separable)), model, start).theory();

        assertThat(theory.separable()).isTrue();
        assertThat(theory.lrCritical()).isNull();
        assertThat(theory.exactParameters()).isNull();
    }

    /** Each feature's weights replaced by their mean over the classes. */
    private static double[] flatPart(double[] theta) {
        double[] flat = new double[P];
        for (int j = 0; j <= D; j++) {
            double mean = 0;
            for (int c = 0; c < K; c++) {
                mean += theta[j * K + c] / K;
            }
            for (int c = 0; c < K; c++) {
                flat[j * K + c] = mean;
            }
        }
        return flat;
    }

    /** Newton's method, full steps, in the (D+1)·(K−1) parameters of classes 1 … K−1 (class 0's logit is 0). */
    private static double[] reducedOptimum(Dataset data) {
        int q = (D + 1) * (K - 1);
        double[] beta = new double[q];
        for (int iteration = 0; iteration < 30; iteration++) {
            double[] full = new double[P];
            for (int j = 0; j <= D; j++) {
                for (int c = 1; c < K; c++) {
                    full[j * K + c] = beta[j * (K - 1) + c - 1];
                }
            }
            double[] gradient = new double[P];
            double[][] hessian = new double[P][P];
            lossGradientHessian(data, full, gradient, hessian);
            double[] g = new double[q];
            double[][] h = new double[q][q];
            for (int r = 0; r < q; r++) {
                int fr = (r / (K - 1)) * K + r % (K - 1) + 1;
                g[r] = gradient[fr];
                for (int s = 0; s < q; s++) {
                    h[r][s] = hessian[fr][(s / (K - 1)) * K + s % (K - 1) + 1];
                }
            }
            double[] step = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver()
                    .solve(new ArrayRealVector(g)).toArray();
            for (int r = 0; r < q; r++) {
                beta[r] -= step[r];
            }
        }
        return beta;
    }

    private static double[] row(Dataset data, int i) {
        double[] a = new double[D + 1];
        for (int j = 0; j < D; j++) {
            a[j] = data.feature(i, j);
        }
        a[D] = 1;
        return a;
    }

    /** The mean loss at θ; its gradient and Hessian, written out by hand, into the arrays. */
    private static double lossGradientHessian(Dataset data, double[] theta, double[] gradient, double[][] hessian) {
        int n = data.rows();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] a = row(data, i);
            int label = (int) data.y()[i];
            double[] z = new double[K];
            double largest = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < K; c++) {
                for (int j = 0; j <= D; j++) {
                    z[c] += a[j] * theta[j * K + c];
                }
                largest = Math.max(largest, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < K; c++) {
                sum += Math.exp(z[c] - largest);
            }
            loss += (largest + Math.log(sum) - z[label]) / n;
            double[] p = new double[K];
            for (int c = 0; c < K; c++) {
                p[c] = Math.exp(z[c] - largest) / sum;
            }
            for (int j = 0; j <= D; j++) {
                for (int c = 0; c < K; c++) {
                    gradient[j * K + c] += a[j] * (p[c] - (c == label ? 1 : 0)) / n;
                    for (int l = 0; l <= D; l++) {
                        for (int e = 0; e < K; e++) {
                            hessian[j * K + c][l * K + e] += a[j] * a[l] * ((c == e ? p[c] : 0) - p[c] * p[e]) / n;
                        }
                    }
                }
            }
        }
        return loss;
    }
}
