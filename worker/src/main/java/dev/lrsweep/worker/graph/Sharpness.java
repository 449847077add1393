package dev.lrsweep.worker.graph;

import dev.lrsweep.worker.Precision;
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
 * h = {@value #STEP_FLOAT64} × max(1, ‖θ‖) in float64 ({@value #STEP_FLOAT32} in float32, about the cube
 * root of the precision, where the truncation and rounding errors balance). In float64 h is well below that
 * balance (the rounding error, about 1e-16/h relative, is still near 1e-9): a relu's or a max-pool window's kink
 * that falls between θ − h·v and θ + h·v makes that difference no Hessian's product at all, and at h = 1e-5 the
 * digits network's λ_max measured from four random vectors at one point scattered from 1.4 to 2.3 (to 3.9 with
 * 60 iterations), where at 1e-7 all four agree to 1e-9 (ConvolutionalNetworkTest). One pair of gradient
 * evaluations gives the products of all k models at once. After at most {@value #ITERATIONS} products
 * from a seeded random vector, λ_max is the largest eigenvalue of each model's tridiagonal Lanczos
 * matrix: the algebraically largest, negative directions (saddles) included, usually to many digits
 * where power iteration would still be settling. The parameters are restored exactly afterwards.
 */
public final class Sharpness {
    static final int ITERATIONS = 12;
    private static final double STEP_FLOAT64 = 1e-7;
    private static final double STEP_FLOAT32 = 3e-3;
    private static final long SEED = 17;

    private Sharpness() {
    }

    /** λ_max of each model's Hessian at the graph's current parameters. */
    public static double[] of(DescentModels graph) {
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
        // one p×k array for every product of two columns' worth: the reorthogonalisation would otherwise make
        // hundreds of them per measurement, native memory that only the garbage collector gives back
        INDArray scratch = Nd4j.create(DataType.DOUBLE, p, k);
        try {
            basis.add(randomUnitColumns(p, k));
            for (int j = 0; j < iterations; j++) {
                INDArray v = basis.get(j);
                INDArray w = hessianTimes(graph, origin, steps, v);
                double[] a = columnDots(w, v, scratch).toDoubleVector();
                // full reorthogonalisation, twice ("twice is enough", Giraud et al.): rounding in one pass leaves
                // components along the basis that the second removes
                for (int pass = 0; pass < 2; pass++) {
                    for (INDArray u : basis) {
                        INDArray dots = columnDots(w, u, scratch).reshape(1, k);
                        w.subi(scratch.assign(u).muliRowVector(dots));
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
            scratch.close();
            basis.forEach(INDArray::close);
            saved.close();
            origin.close();
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

    /** Each column's dot product of {@code a} and {@code b}, as a row of k, through {@code scratch}. */
    private static INDArray columnDots(INDArray a, INDArray b, INDArray scratch) {
        return scratch.assign(a).muli(b).sum(0);
    }

    /** The Hessian times {@code v}, by central differences of the gradient; its temporaries freed at once. */
    private static INDArray hessianTimes(DescentModels graph, INDArray origin, INDArray steps, INDArray v) {
        INDArray theta = graph.parameterMatrix();
        INDArray offset = v.mulRowVector(steps);
        INDArray shifted = origin.add(offset);
        assignCast(theta, shifted);
        INDArray gradient = graph.evaluate().gradient();
        // a copy in float64: the next evaluation may write its gradient into the same array
        INDArray plus = gradient.dataType() == DataType.DOUBLE ? gradient.dup() : gradient.castTo(DataType.DOUBLE);
        assignCast(theta, shifted.assign(origin).subi(offset));
        gradient = graph.evaluate().gradient();
        INDArray minus = gradient.castTo(DataType.DOUBLE);
        plus.subi(minus).diviRowVector(steps.mul(2));
        if (minus != gradient) {
            minus.close();
        }
        offset.close();
        shifted.close();
        return plus;
    }

    /** {@code target} := {@code values}, cast to the target's type (a float32 copy freed at once). */
    private static void assignCast(INDArray target, INDArray values) {
        INDArray cast = values.castTo(target.dataType());
        target.assign(cast);
        if (cast != values) {
            cast.close();
        }
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
