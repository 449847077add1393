package dev.lrsweep.worker;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same mean squared error written through the data's second moments, computed once. With
 * A = [X | 1], G = AᵀA/n, c = Aᵀy/n and s = yᵀy/n, expanding the square gives exactly
 * L_i = (1/n)·‖A·θ_i − y‖² = θ_iᵀGθ_i − 2cᵀθ_i + s. Extending θ_i by a constant 1,
 * θ̃_i = (θ_i, 1), and G to M = [[G, −c], [−cᵀ, s]] folds this into one quadratic form,
 * L_i = θ̃_iᵀ·M·θ̃_i, three graph operations instead of the textbook graph's five, each costing
 * O(d²·k) whatever the number of rows. SameDiff differentiates it: the gradient's first d+1 rows are
 * 2Gθ_i − 2c = (2/n)·Aᵀ(A·θ_i − y), the MSE gradient; the constant row's is dropped. In double
 * precision the loss keeps about 16 − log10(s/L) significant digits (s cancels against θᵀGθ), so it
 * agrees with {@link DataGraph} to 1e-6 relative, as a test checks.
 */
final class MomentGraph extends LinearModelGraph {
    private static final String MOMENTS = "moments";

    MomentGraph(Dataset data, StartPoint start, int models) {
        super(data, start, models, 1);
    }

    @Override
    SDVariable modelLosses(SameDiff graph, SDVariable theta, Dataset data) {
        INDArray design = design(data);
        INDArray labels = labels(data);
        int p = data.features() + 1;
        double n = data.rows();
        INDArray moments = Nd4j.zeros(design.dataType(), p + 1, p + 1);
        moments.get(interval(0, p), interval(0, p)).assign(design.transpose().mmul(design).divi(n));
        INDArray labelMoments = design.transpose().mmul(labels).divi(-n);
        moments.get(interval(0, p), interval(p, p + 1)).assign(labelMoments);
        moments.get(interval(p, p + 1), interval(0, p)).assign(labelMoments.transpose());
        moments.putScalar(p, p, labels.transpose().mmul(labels).getDouble(0) / n);
        return theta.mul(graph.constant(MOMENTS, moments).mmul(theta)).sum(0);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(int from, int to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }
}
