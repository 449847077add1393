package dev.lrsweep.worker;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The textbook graph: every evaluation predicts all n points, A·Θ, and averages the squared
 * residuals, L_i = (1/n)·Σ_r (a_r·θ_i − y_r)². Its cost grows with n; the naive reference mode uses it.
 */
final class DataGraph extends LinearModelGraph {
    private static final String DESIGN = "design";
    private static final String LABELS = "labels";

    DataGraph(Dataset data, StartPoint start, int models) {
        super(data, start, models, 0);
    }

    @Override
    SDVariable modelLosses(SameDiff graph, SDVariable theta, Dataset data) {
        SDVariable design = graph.constant(DESIGN, design(data));
        SDVariable labels = graph.constant(LABELS, labels(data));
        return graph.math().square(design.mmul(theta).sub(labels)).mean(0);
    }
}
