package dev.lrsweep.worker.graph;

import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.optimizer.UpdateRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The k models a descent moves, one per learning rate, as one p×k parameter matrix (column i is model
 * i's parameters, see {@link Layout}): their losses and gradients at the current parameters, by
 * SameDiff's automatic differentiation. A {@link ModelGraph} computes them on rows it holds; a
 * {@link dev.lrsweep.worker.descent.SlicedModels} has them summed over slices of rows held elsewhere.
 */
public interface DescentModels {

    /**
     * The per-model losses at the current parameters, and the gradient of the loss with respect to them (valid
     * until the next evaluation: see {@link Evaluation}).
     */
    Evaluation evaluate();

    /** One step of every model by {@code rule}, column i at {@code rates[i]}, from the gradient of {@code at}. */
    void step(UpdateRule rule, INDArray rates, Evaluation at);

    /** Whether the models are classifiers, with an accuracy. */
    boolean classifies();

    /** Each classifier's share of rows whose class (logit above 0) is their label, at the current parameters. */
    double[] accuracies();

    void setParameters(int model, Parameters parameters);

    Parameters parametersOf(int model);

    /** The live parameter matrix, p×k, measured from the origin; for measurements that move and restore it. */
    INDArray parameterMatrix();

    Precision precision();

    /** Puts a model's parameters, measured from {@code origin}, into its column of the parameter matrix. */
    static void putColumn(INDArray theta, int model, Parameters parameters, double[] origin) {
        double[] values = parameters.valuesNoCopy();
        for (int j = 0; j < values.length; j++) {
            theta.putScalar(j, model, values[j] - origin[j]);
        }
    }

    /** A model's parameters: its column of the parameter matrix, measured from {@code origin}. */
    static Parameters column(INDArray theta, int model, Layout layout, double[] origin) {
        double[] values = new double[layout.size()];
        for (int j = 0; j < values.length; j++) {
            values[j] = theta.getDouble(j, model) + origin[j];
        }
        return new Parameters(layout, values);
    }

    /**
     * Whether each model's gradient now points against its gradient one step before (their dot
     * product is negative): the update reverses direction, the mark of a rate that bounces across
     * the minimum. The gradients are given as their p×k values in row-major order ({@link #rowMajor}):
     * summed here, a step's test allocates no native memory.
     */
    static boolean[] reversed(double[] now, double[] before, int models) {
        boolean[] reversed = new boolean[models];
        double[] dots = new double[models];
        for (int at = 0; at < now.length; at++) {
            dots[at % models] += now[at] * before[at];
        }
        for (int model = 0; model < models; model++) {
            reversed[model] = dots[model] < 0;
        }
        return reversed;
    }

    /** An array's values in row-major order, as doubles, read straight from its buffer where it lies so. */
    static double[] rowMajor(INDArray matrix) {
        boolean plain = matrix.ordering() == 'c' && matrix.offset() == 0 && matrix.elementWiseStride() == 1
                && matrix.data().length() == matrix.length();
        return (plain ? matrix : matrix.dup('c')).data().asDouble();
    }

    /**
     * The result of one gradient evaluation.
     *
     * @param losses   the loss of each model
     * @param gradient p×k, column i is model i's gradient with respect to its parameters: valid until the
     *                 models' next evaluation, which may write the next gradient into the same array ({@link #kept})
     */
    record Evaluation(double[] losses, INDArray gradient) {
        /** This evaluation with a copy of its gradient, which later evaluations leave alone. */
        public Evaluation kept() {
            return new Evaluation(losses, gradient.dup());
        }
    }
}
