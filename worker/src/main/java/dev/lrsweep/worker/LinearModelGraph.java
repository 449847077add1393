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
 * One SameDiff graph holding k independent linear models y ≈ X·w + b over the same data, one per
 * column of the weight matrix W (d×k) and the bias row b (1×k).
 *
 * <p>The graph's loss is the sum of the k per-model mean squared errors. Model i's parameters
 * appear only in its own term, so the gradient of the sum with respect to column i is exactly
 * model i's own gradient: one gradient evaluation serves all k models.
 */
final class LinearModelGraph {
    private static final String FEATURES = "features";
    private static final String LABELS = "labels";
    private static final String WEIGHTS = "weights";
    private static final String BIAS = "bias";
    private static final String RESIDUALS = "residuals";
    private static final String MODEL_LOSSES = "model_losses";
    private static final String TOTAL_LOSS = "total_loss";
    private static final List<String> LOSS_OUTPUTS = List.of(MODEL_LOSSES);
    private static final List<String> PARAMETERS = List.of(WEIGHTS, BIAS);

    private final SameDiff graph;
    private final INDArray weights;
    private final INDArray bias;
    private final int features;

    /** Builds the graph with all {@code models} models at {@code start}. */
    LinearModelGraph(Dataset data, StartPoint start, int models) {
        if (start.weights().length != data.features()) {
            throw new IllegalArgumentException("start point has " + start.weights().length
                    + " weights but the data has " + data.features() + " features");
        }
        this.features = data.features();
        graph = SameDiff.create();
        SDVariable x = graph.constant(FEATURES, Nd4j.create(data.featuresNoCopy(),
                new long[] {data.rows(), data.features()}, DataType.DOUBLE));
        SDVariable y = graph.constant(LABELS, Nd4j.create(data.labelsNoCopy(),
                new long[] {data.rows(), 1}, DataType.DOUBLE));
        SDVariable w = graph.var(WEIGHTS, Nd4j.zeros(DataType.DOUBLE, data.features(), models));
        SDVariable b = graph.var(BIAS, Nd4j.zeros(DataType.DOUBLE, 1, models));
        SDVariable residuals = x.mmul(w).add(b).sub(RESIDUALS, y);
        SDVariable modelLosses = graph.math().square(residuals).mean(MODEL_LOSSES, 0);
        graph.setLossVariables(modelLosses.sum(TOTAL_LOSS));
        QuietGradientFunction.create(graph);
        weights = w.getArr();
        bias = b.getArr();
        for (int model = 0; model < models; model++) {
            setParameters(model, start.weights(), start.bias());
        }
    }

    /** The per-model losses at the current parameters, and the gradients of the loss with respect to them. */
    Evaluation evaluate() {
        OutAndGrad result = graph.calculateGradientsAndOutputs(Map.of(), LOSS_OUTPUTS, PARAMETERS);
        return new Evaluation(result.getOutputs().get(MODEL_LOSSES).toDoubleVector(),
                result.getGradients().get(WEIGHTS).dup(), result.getGradients().get(BIAS).dup());
    }

    /**
     * Whether each model's gradient now points against its gradient one step before (their dot
     * product is negative): the update reverses direction, the mark of a rate that bounces across
     * the minimum.
     */
    static boolean[] reversed(Evaluation now, Evaluation before) {
        double[] dots = now.weightGradient().mul(before.weightGradient()).sum(0)
                .addi(now.biasGradient().mul(before.biasGradient()).reshape(-1)).toDoubleVector();
        boolean[] reversed = new boolean[dots.length];
        for (int i = 0; i < dots.length; i++) {
            reversed[i] = dots[i] < 0;
        }
        return reversed;
    }

    /** One gradient-descent step for every model: column i moves by {@code -rates[i]} times its gradient. */
    void descend(INDArray rates, Evaluation at) {
        weights.subi(at.weightGradient().mulRowVector(rates));
        bias.subi(at.biasGradient().mul(rates));
    }

    void setParameters(int model, double[] modelWeights, double modelBias) {
        for (int j = 0; j < features; j++) {
            weights.putScalar(j, model, modelWeights[j]);
        }
        bias.putScalar(0, model, modelBias);
    }

    double[] weightsOf(int model) {
        return weights.getColumn(model).toDoubleVector();
    }

    double biasOf(int model) {
        return bias.getDouble(0, model);
    }

    /**
     * The result of one gradient evaluation.
     *
     * @param losses         the mean squared error of each model
     * @param weightGradient d×k, column i is model i's gradient with respect to its weights (a copy)
     * @param biasGradient   1×k, model i's gradient with respect to its bias (a copy)
     */
    record Evaluation(double[] losses, INDArray weightGradient, INDArray biasGradient) {
    }
}
