package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear least squares: y ≈ X·w + b under mean squared error, parameters {@code weights} (d) and
 * {@code bias}.
 *
 * <p>The fast path writes the loss through the data's second moments, measured from the exact
 * least-squares solution. With A = [X | 1], G = AᵀA/n and θ* the least-squares solution (so that
 * G·θ* = Aᵀy/n and the residual is orthogonal to A's columns), expanding the square gives exactly
 * L_i = L* + (θ_i − θ*)ᵀ·G·(θ_i − θ*). The graph's variable is Δ = Θ − θ* (the graph's origin), so the
 * per-model excess is one quadratic form, three graph operations each costing O(d²·k) whatever the
 * number of rows; L* is added outside the graph. SameDiff differentiates it: the gradient
 * 2G·Δ_i = (2/n)·Aᵀ(A·θ_i − y) is the MSE gradient.
 *
 * <p>This form keeps its digits: the excess is a positive semi-definite form of a difference, so the
 * loss is never below L* by more than rounding and never negative, where the expanded form
 * θᵀGθ − 2cᵀθ + s loses log10(s/L) digits to cancellation.
 *
 * <p>The reference graph is the textbook one: every evaluation predicts all n points, A·Θ, and
 * averages the squared residuals; its cost grows with n.
 */
public final class LinearModel implements ModelFamily {
    /**
     * A step through the data's moments is a few small ops whatever the rows, whose fixed cost per op a batch
     * shares, so a linear sweep's rates go together.
     */
    static final int RATES_PER_TASK_ON_MOMENTS = 64;

    /** The layout of linear and logistic models: {@code weights} (d), then {@code bias}. */
    public static Layout weightsAndBias(int features) {
        return new Layout(java.util.List.of(new Layout.Array("weights", "w", new int[] {features}, features),
                Layout.Array.scalar("bias")));
    }

    @Override
    public Layout layout(ModelSpec spec, int features) {
        return weightsAndBias(features);
    }

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_MOMENTS;
    }

    @Override
    public ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision) {
        LeastSquares optimum = data instanceof Moments moments ? LeastSquares.of(moments) : LeastSquares.of((Dataset) data);
        return new ModelGraph(data.features(), null, start, models, precision, optimum.solution(), optimum.optimalLoss(),
                (graph, delta, inputs) -> new ModelGraph.Outputs(
                        delta.mul(graph.constant("gram", Nd4j.create(optimum.gram()).castTo(inputs.type())).mmul(delta))
                                .sum(0),
                        null));
    }

    /** The textbook graph: predicts every row it is fed, A·Θ, and averages the squared residuals. */
    @Override
    public ModelGraph rowsGraph(Dataset rows, ModelSpec spec, Parameters start, int models, Precision precision) {
        return new ModelGraph(rows.features(), rows, start, models, precision, new double[start.size()], 0,
                (graph, theta, inputs) ->
                        new ModelGraph.Outputs(spec.loss().perModel(graph, inputs.design().mmul(theta), inputs), null));
    }

    @Override
    public ModelGraph referenceGraph(Dataset data, ModelSpec spec, Parameters start, Precision precision) {
        return rowsGraph(data, spec, start, 1, precision);
    }

    @Override
    public boolean measuresSharpness() {
        return false;
    }

    @Override
    public ModelSpec.Labels labels(ModelSpec.Loss loss, int outputs) {
        return ModelSpec.Labels.VALUES;
    }

    @Override
    public ModelSpec.Loss fixedLoss() {
        return ModelSpec.Loss.MSE;
    }

    @Override
    public ModelSpec.Start start() {
        return ModelSpec.Start.WEIGHTS_AND_BIAS;
    }

    /** Its loss depends on the rows only through their moments. */
    @Override
    public boolean readsRows() {
        return false;
    }
}
