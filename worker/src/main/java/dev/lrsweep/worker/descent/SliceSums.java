package dev.lrsweep.worker.descent;

import java.io.Serializable;

/**
 * Sums over some rows, per model: of the losses, of the gradients (p×k, row-major) and of the rows
 * classified right, with the row count; slices' sums add up to the sums over all their rows.
 */
public final class SliceSums implements Serializable {
    private long rows;
    private final double[] losses;
    private final double[] gradients;
    private final double[] correct;

    /** Nothing summed yet, for {@code models} models of {@code parameters} parameters each. */
    public SliceSums(int models, int parameters) {
        losses = new double[models];
        gradients = new double[models * parameters];
        correct = new double[models];
    }

    /** Nothing summed yet, for the request's models and parameters. */
    public static SliceSums none(SliceRequest request) {
        return new SliceSums(request.models(), request.parameters().length / request.models());
    }

    /** Adds another's sums to these; returns this. */
    public SliceSums add(SliceSums other) {
        rows += other.rows;
        for (int i = 0; i < losses.length; i++) {
            losses[i] += other.losses[i];
            correct[i] += other.correct[i];
        }
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] += other.gradients[i];
        }
        return this;
    }

    /** Adds {@code rows} rows' means, each weighted by the row count. */
    void addMeans(int rows, double[] losses, double[] gradients, double[] accuracies) {
        this.rows += rows;
        for (int i = 0; i < this.losses.length; i++) {
            this.losses[i] += rows * (losses == null ? 0 : losses[i]);
            this.correct[i] += rows * (accuracies == null ? 0 : accuracies[i]);
        }
        if (gradients != null) {
            for (int i = 0; i < this.gradients.length; i++) {
                this.gradients[i] += rows * gradients[i];
            }
        }
    }

    /** The rows summed over. */
    public long rows() {
        return rows;
    }

    double[] meanLosses() {
        return divided(losses);
    }

    double[] meanGradients() {
        return divided(gradients);
    }

    double[] accuracies() {
        return divided(correct);
    }

    private double[] divided(double[] sums) {
        double[] means = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            means[i] = sums[i] / rows;
        }
        return means;
    }
}
