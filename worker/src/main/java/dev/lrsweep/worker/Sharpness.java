package dev.lrsweep.worker;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Measures the sharpness, the largest eigenvalue λ_max of each model's loss Hessian, at the models'
 * current parameters, for families with no closed form for it.
 *
 * <p>Power iteration on Hessian-vector products: H·v is the central difference of two SameDiff
 * gradients, (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h, with h = {@value #STEP_FLOAT64} × max(1, ‖θ‖) in float64
 * ({@value #STEP_FLOAT32} in float32; about the cube root of the precision, where the truncation and
 * rounding errors balance). One pair of gradient evaluations gives the products of all k models at
 * once. {@value #ITERATIONS} iterations from a seeded random vector give the eigenvalue of largest
 * magnitude; where that is negative (a saddle), {@value #ITERATIONS} more on H − λ·I give the largest.
 * The parameters are restored exactly afterwards.
 */
final class Sharpness {
    static final int ITERATIONS = 20;
    private static final double STEP_FLOAT64 = 1e-5;
    private static final double STEP_FLOAT32 = 3e-3;
    private static final long SEED = 17;

    private Sharpness() {
    }

    /** λ_max of each model's Hessian at the graph's current parameters. */
    static double[] of(ModelGraph graph) {
        INDArray theta = graph.parameterMatrix();
        INDArray saved = theta.dup();
        int p = (int) theta.rows();
        int k = (int) theta.columns();
        INDArray steps = Transforms.max(saved.castTo(DataType.DOUBLE).norm2(0).reshape(1, k), 1.0).muli(graph.precision() == Precision.FLOAT64 ? STEP_FLOAT64 : STEP_FLOAT32);
        try {
            double[] dominant = iterate(graph, saved, steps, randomVectors(p, k), new double[k]);
            double[] largest = dominant.clone();
            boolean saddle = false;
            for (double lambda : dominant) {
                saddle |= lambda < 0;
            }
            if (saddle) {
                double[] shifted = iterate(graph, saved, steps, randomVectors(p, k), dominant);
                for (int i = 0; i < k; i++) {
                    largest[i] = dominant[i] < 0 ? shifted[i] + dominant[i] : dominant[i];
                }
            }
            return largest;
        } finally {
            theta.assign(saved);
        }
    }

    /** Power iteration on H − shift·I per model; returns each model's Rayleigh quotient. */
    private static double[] iterate(ModelGraph graph, INDArray saved, INDArray steps, INDArray v, double[] shift) {
        INDArray shifts = Nd4j.create(shift, new long[] {1, shift.length}, DataType.DOUBLE);
        double[] lambda = new double[shift.length];
        for (int it = 0; it < ITERATIONS; it++) {
            INDArray hv = hessianTimes(graph, saved, steps, v).subi(v.mulRowVector(shifts));
            lambda = v.mul(hv).sum(0).toDoubleVector();
            INDArray norms = hv.norm2(0).reshape(1, shift.length);
            for (int i = 0; i < shift.length; i++) {
                if (norms.getDouble(0, i) == 0) {
                    norms.putScalar(0, i, 1.0);
                }
            }
            v = hv.diviRowVector(norms);
        }
        return lambda;
    }

    private static INDArray hessianTimes(ModelGraph graph, INDArray saved, INDArray steps, INDArray v) {
        INDArray theta = graph.parameterMatrix();
        INDArray offset = v.mulRowVector(steps);
        theta.assign(saved.castTo(DataType.DOUBLE).add(offset).castTo(theta.dataType()));
        INDArray plus = graph.evaluate().gradient().castTo(DataType.DOUBLE);
        theta.assign(saved.castTo(DataType.DOUBLE).sub(offset).castTo(theta.dataType()));
        INDArray minus = graph.evaluate().gradient().castTo(DataType.DOUBLE);
        return plus.subi(minus).diviRowVector(steps.mul(2));
    }

    private static INDArray randomVectors(int p, int k) {
        Random random = new Random(SEED);
        double[] values = new double[p * k];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        INDArray v = Nd4j.create(values, new long[] {p, k}, DataType.DOUBLE);
        return v.diviRowVector(v.norm2(0).reshape(1, k));
    }
}
