package dev.lrsweep.worker;

/**
 * The textbook graph: every evaluation predicts all n points, A·Θ, and averages the squared
 * residuals, L_i = (1/n)·Σ_r (a_r·θ_i − y_r)². Its cost grows with n; the naive reference mode uses it.
 */
final class DataGraph extends LinearModelGraph {
    private static final String DESIGN = "design";
    private static final String LABELS = "labels";

    DataGraph(Dataset data, StartPoint start, int models, Precision precision) {
        super(data, start, models, precision, new double[data.features() + 1], 0, (graph, theta, type) -> {
            var design = graph.constant(DESIGN, design(data).castTo(type));
            var labels = graph.constant(LABELS, labels(data).castTo(type));
            return graph.math().square(design.mmul(theta).sub(labels)).mean(0);
        });
    }
}
