package dev.lrsweep.worker;

/**
 * The textbook graph: every evaluation predicts all n points, A·Θ, and averages the squared
 * residuals, L_i = (1/n)·Σ_r (a_r·θ_i − y_r)². Its cost grows with n; the naive reference mode uses it.
 */
final class DataGraph extends LinearModelGraph {
    private static final String DESIGN = "design";
    private static final String LABELS = "labels";

    DataGraph(Dataset data, StartPoint start, int models) {
        super(data, start, models, new double[data.features() + 1], 0, (graph, theta) -> {
            var design = graph.constant(DESIGN, design(data));
            var labels = graph.constant(LABELS, labels(data));
            return graph.math().square(design.mmul(theta).sub(labels)).mean(0);
        });
    }
}
