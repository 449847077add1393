package dev.lrsweep.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Measures the sharpness, the largest eigenvalue λ_max of each model's loss Hessian, at the models'
 * current parameters, for families with no closed form for it.
 *
 * <p>The Lanczos method on Hessian-vector products, with full reorthogonalisation: H·v is the central
 * difference of two SameDiff gradients, (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h, with
 * h = {@value #STEP_FLOAT64} × max(1, ‖θ‖) in float64 ({@value #STEP_FLOAT32} in float32; about the cube
 * root of the precision, where the truncation and rounding errors balance). One pair of gradient
 * evaluations gives the products of all k models at once. After at most {@value #ITERATIONS} products
 * from a seeded random vector, λ_max is the largest eigenvalue of each model's tridiagonal Lanczos
 * matrix: the algebraically largest, negative directions (saddles) included, usually to many digits
 * where power iteration would still be settling. The parameters are restored exactly afterwards.
 */
final class Sharpness {
    static final int ITERATIONS = 12;
    private static final double STEP_FLOAT64 = 1e-5;
    private static final double STEP_FLOAT32 = 3e-3;
    private static final long SEED = 17;

    private Sharpness() {
    }

    /** λ_max of each model's Hessian at the graph's current parameters. */
    static double[] of(DescentModels graph) {
        INDArray theta = graph.parameterMatrix();
        INDArray saved = theta.dup();
        INDArray origin = saved.castTo(DataType.DOUBLE);
        int p = (int) theta.rows();
        int k = (int) theta.columns();
        INDArray steps = Transforms.max(origin.norm2(0).reshape(1, k), 1.0)
                .muli(graph.precision() == Precision.FLOAT64 ? STEP_FLOAT64 : STEP_FLOAT32);
        int iterations = Math.min(ITERATIONS, p);
        double[][] alpha = new double[k][iterations];
        double[][] beta = new double[k][iterations];
        int[] size = new int[k];
        Arrays.fill(size, -1);
        List<INDArray> basis = new ArrayList<>();
        try {
            basis.add(randomUnitColumns(p, k));
            for (int j = 0; j < iterations; j++) {
                INDArray v = basis.get(j);
                INDArray w = hessianTimes(graph, origin, steps, v);
                double[] a = w.mul(v).sum(0).toDoubleVector();
                // full reorthogonalisation, twice ("twice is enough", Giraud et al.): rounding in one pass leaves
                // components along the basis that the second removes
                for (int pass = 0; pass < 2; pass++) {
                    for (INDArray u : basis) {
                        w.subi(u.mulRowVector(w.mul(u).sum(0).reshape(1, k)));
                    }
                }
                double[] b = w.norm2(0).toDoubleVector();
                for (int i = 0; i < k; i++) {
                    if (size[i] < 0) {
                        alpha[i][j] = a[i];
                        beta[i][j] = b[i];
                        // an invariant subspace: the model's Krylov space is exhausted
                        if (b[i] <= 1e-12 * Math.abs(a[i]) || j == iterations - 1) {
                            size[i] = j + 1;
                        }
                    }
                    b[i] = b[i] == 0 ? 1 : b[i];
                }
                basis.add(w.diviRowVector(Nd4j.create(b, new long[] {1, k}, DataType.DOUBLE)));
            }
        } finally {
            theta.assign(saved);
        }
        double[] largest = new double[k];
        for (int i = 0; i < k; i++) {
            int m = size[i];
            double[] eigenvalues = new EigenDecomposition(Arrays.copyOf(alpha[i], m), Arrays.copyOf(beta[i], m - 1))
                    .getRealEigenvalues();
            largest[i] = Arrays.stream(eigenvalues).max().orElseThrow();
        }
        return largest;
    }

    private static INDArray hessianTimes(DescentModels graph, INDArray origin, INDArray steps, INDArray v) {
        INDArray theta = graph.parameterMatrix();
        INDArray offset = v.mulRowVector(steps);
        theta.assign(origin.add(offset).castTo(theta.dataType()));
        // a copy: the next evaluation may write its gradient into the same array
        INDArray plus = graph.evaluate().gradient().dup().castTo(DataType.DOUBLE);
        theta.assign(origin.sub(offset).castTo(theta.dataType()));
        INDArray minus = graph.evaluate().gradient().castTo(DataType.DOUBLE);
        return plus.subi(minus).diviRowVector(steps.mul(2));
    }

    private static INDArray randomUnitColumns(int p, int k) {
        Random random = new Random(SEED);
        double[] values = new double[p * k];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        INDArray v = Nd4j.create(values, new long[] {p, k}, DataType.DOUBLE);
        return v.diviRowVector(v.norm2(0).reshape(1, k));
    }
}
