package dev.lrsweep.worker;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One SameDiff graph holding k independent linear models y ≈ X·w + b over the same data. The
 * parameters are one matrix of (d+1)×k: column i is model i's weights followed by its bias, each
 * measured from an origin θ₀ that a loss form may choose (the graph's variable is Θ − θ₀; a
 * translation changes neither the gradient nor the descent, only which numbers the graph holds).
 *
 * <p>The graph's loss is the sum of the k per-model mean squared errors. Model i's parameters
 * appear only in its own term, so the gradient of the sum with respect to column i is exactly
 * model i's own gradient: one gradient evaluation, by SameDiff's automatic differentiation, serves
 * all k models. Subclasses give the loss form: the per-model losses as a graph of the variable, up
 * to a constant added outside the graph (a constant has no gradient).
 */
abstract class LinearModelGraph {
    private static final String PARAMETERS = "parameters";
    private static final String MODEL_LOSSES = "model_losses";
    private static final String TOTAL_LOSS = "total_loss";
    private static final List<String> LOSS_OUTPUTS = List.of(MODEL_LOSSES);
    private static final List<String> GRADIENTS = List.of(PARAMETERS);

    /** The per-model losses as a graph of the parameters measured from the origin, (d+1)×k, in {@code type}. */
    @FunctionalInterface
    interface LossForm {
        SDVariable modelLosses(SameDiff graph, SDVariable parameters, DataType type);
    }

    private final SameDiff graph;
    private final INDArray theta;
    private final int features;
    private final double[] origin;
    private final double lossConstant;

    /**
     * Builds the graph with all {@code models} models at {@code start}.
     *
     * @param precision    the precision of the graph's parameters, constants and gradients
     * @param origin       θ₀, the point the graph's variable is measured from (weights, then bias)
     * @param lossConstant added to every model's loss as the graph computes it
     */
    LinearModelGraph(Dataset data, StartPoint start, int models, Precision precision, double[] origin,
                     double lossConstant, LossForm form) {
        if (start.weights().length != data.features()) {
            throw new IllegalArgumentException("start point has " + start.weights().length
                    + " weights but the data has " + data.features() + " features");
        }
        this.features = data.features();
        this.origin = origin.clone();
        this.lossConstant = lossConstant;
        graph = SameDiff.create();
        SDVariable parameters = graph.var(PARAMETERS, Nd4j.zeros(precision.dataType(), features + 1, models));
        SDVariable modelLosses = form.modelLosses(graph, parameters, precision.dataType()).rename(MODEL_LOSSES);
        graph.setLossVariables(modelLosses.sum(TOTAL_LOSS));
        QuietGradientFunction.create(graph);
        theta = parameters.getArr();
        for (int model = 0; model < models; model++) {
            setParameters(model, start.weights(), start.bias());
        }
    }

    /** The augmented design matrix A = [X | 1], n×(d+1). */
    static INDArray design(Dataset data) {
        int n = data.rows();
        int d = data.features();
        double[] augmented = new double[n * (d + 1)];
        double[] x = data.featuresNoCopy();
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, augmented, i * (d + 1), d);
            augmented[i * (d + 1) + d] = 1.0;
        }
        return Nd4j.create(augmented, new long[] {n, d + 1}, DataType.DOUBLE);
    }

    /** The labels as an n×1 column. */
    static INDArray labels(Dataset data) {
        return Nd4j.create(data.labelsNoCopy(), new long[] {data.rows(), 1}, DataType.DOUBLE);
    }

    /** The per-model losses at the current parameters, and the gradient of the loss with respect to them. */
    Evaluation evaluate() {
        OutAndGrad result = graph.calculateGradientsAndOutputs(Map.of(), LOSS_OUTPUTS, GRADIENTS);
        double[] losses = result.getOutputs().get(MODEL_LOSSES).toDoubleVector();
        for (int i = 0; i < losses.length; i++) {
            losses[i] += lossConstant;
        }
        return new Evaluation(losses, result.getGradients().get(PARAMETERS).dup());
    }

    /**
     * Whether each model's gradient now points against its gradient one step before (their dot
     * product is negative): the update reverses direction, the mark of a rate that bounces across
     * the minimum.
     */
    static boolean[] reversed(Evaluation now, Evaluation before) {
        double[] dots = now.gradient().mul(before.gradient()).sum(0).toDoubleVector();
        boolean[] reversed = new boolean[dots.length];
        for (int i = 0; i < dots.length; i++) {
            reversed[i] = dots[i] < 0;
        }
        return reversed;
    }

    /** One step of every model by {@code rule}, column i at {@code rates[i]}, from the gradient of {@code at}. */
    void step(UpdateRule rule, INDArray rates, Evaluation at) {
        rule.step(theta, at.gradient(), rates);
    }

    void setParameters(int model, double[] modelWeights, double modelBias) {
        for (int j = 0; j < features; j++) {
            theta.putScalar(j, model, modelWeights[j] - origin[j]);
        }
        theta.putScalar(features, model, modelBias - origin[features]);
    }

    double[] weightsOf(int model) {
        double[] weights = new double[features];
        for (int j = 0; j < features; j++) {
            weights[j] = theta.getDouble(j, model) + origin[j];
        }
        return weights;
    }

    double biasOf(int model) {
        return theta.getDouble(features, model) + origin[features];
    }

    /**
     * The result of one gradient evaluation.
     *
     * @param losses   the mean squared error of each model
     * @param gradient (d+1)×k, column i is model i's gradient with respect to its weights and bias (a copy)
     */
    record Evaluation(double[] losses, INDArray gradient) {
    }
}
