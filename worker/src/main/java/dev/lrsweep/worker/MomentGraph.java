package dev.lrsweep.worker;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same mean squared error written through the data's second moments, which are computed once:
 * with A = [X | 1], G = AᵀA/n, c = Aᵀy/n and s = yᵀy/n,
 * L_i = (1/n)·‖A·θ_i − y‖² = θ_iᵀ·(G·θ_i − 2c) + s exactly (expand the square). An evaluation then
 * costs O(d²·k) whatever the number of rows, and SameDiff differentiates this expression, giving
 * 2·G·θ_i − 2c = (2/n)·Aᵀ(A·θ_i − y), the same gradient. In double precision the loss keeps about
 * 16 − log10(s/L) significant digits (the cancellation of s against θᵀGθ), which is why the
 * equivalence test against {@link DataGraph} holds to 1e-6 relative.
 */
final class MomentGraph extends LinearModelGraph {
    private static final String GRAM = "gram";
    private static final String TWICE_LABEL_MOMENTS = "twice_label_moments";
    private static final String LABEL_SQUARES = "label_squares";

    MomentGraph(Dataset data, StartPoint start, int models) {
        super(data, start, models);
    }

    @Override
    SDVariable modelLosses(SameDiff graph, SDVariable theta, Dataset data) {
        INDArray design = design(data);
        INDArray labels = labels(data);
        double n = data.rows();
        SDVariable gram = graph.constant(GRAM, design.transpose().mmul(design).divi(n));
        SDVariable twiceMoments = graph.constant(TWICE_LABEL_MOMENTS, design.transpose().mmul(labels).muli(2 / n));
        SDVariable labelSquares = graph.constant(LABEL_SQUARES, Nd4j.scalar(labels.transpose().mmul(labels)
                .getDouble(0) / n));
        return theta.mul(gram.mmul(theta).sub(twiceMoments)).sum(0).add(labelSquares);
    }
}
