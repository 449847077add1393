package dev.lrsweep.worker;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The mean squared error written through the data's second moments, measured from the exact
 * least-squares solution. With A = [X | 1], G = AᵀA/n and θ* the least-squares solution (so that
 * G·θ* = Aᵀy/n and the residual is orthogonal to A's columns), expanding the square gives exactly
 * L_i = L* + (θ_i − θ*)ᵀ·G·(θ_i − θ*). The graph's variable is Δ = Θ − θ* (see
 * {@link LinearModelGraph}'s origin), so the per-model excess is one quadratic form, three graph
 * operations each costing O(d²·k) whatever the number of rows; L* is added outside the graph.
 * SameDiff differentiates it: the gradient 2G·Δ_i = (2/n)·Aᵀ(A·θ_i − y) is the MSE gradient.
 *
 * <p>This form keeps its digits: the excess is a positive semi-definite form of a difference, so the
 * loss is never below L* by more than rounding and never negative, where the expanded form
 * θᵀGθ − 2cᵀθ + s loses log10(s/L) digits to cancellation. A test checks it against
 * {@link DataGraph} and against exact arithmetic.
 */
final class MomentGraph extends LinearModelGraph {
    private static final String GRAM = "gram";

    MomentGraph(Dataset data, StartPoint start, int models, Precision precision) {
        this(data, start, models, precision, LeastSquares.of(data));
    }

    private MomentGraph(Dataset data, StartPoint start, int models, Precision precision, LeastSquares optimum) {
        super(data, start, models, precision, optimum.solution(), optimum.optimalLoss(), (graph, delta, type) ->
                delta.mul(graph.constant(GRAM, Nd4j.create(optimum.gram()).castTo(type)).mmul(delta)).sum(0));
    }
}
