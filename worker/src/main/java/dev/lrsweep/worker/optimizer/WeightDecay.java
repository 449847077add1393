package dev.lrsweep.worker.optimizer;

import dev.lrsweep.worker.Layout;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight decay λ as PyTorch's optimizers take it ({@code weight_decay}): coupled, λ·θ added to the gradient, for SGD
 * and Adam; decoupled, θ ← θ·(1 − lr·λ) before the step, for AdamW. With every parameter in one group, PyTorch
 * decays the biases too; {@code biases} false leaves them out, as a second group with weight_decay 0 would.
 *
 * @param lambda the decay λ, 0 or more
 * @param biases whether the biases (the arrays of fan-in 0) decay too
 */
public record WeightDecay(double lambda, boolean biases) implements Serializable {
    /** No decay. */
    public static final WeightDecay NONE = new WeightDecay(0, true);

    /** Checks λ. */
    public WeightDecay {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("weight decay " + lambda + " is not finite and 0 or more");
        }
    }

    /** Whether it decays anything. */
    public boolean any() {
        return lambda > 0;
    }

    /** Each parameter's decay in a model of {@code layout}: λ, or 0 for a bias left out. */
    public double[] perParameter(Layout layout) {
        double[] decay = new double[layout.size()];
        for (int j = 0; j < layout.arrays().size(); j++) {
            Layout.Array array = layout.arrays().get(j);
            boolean decays = biases || array.fanIn() > 0;
            Arrays.fill(decay, layout.offset(j), layout.offset(j) + array.size(), decays ? lambda : 0);
        }
        return decay;
    }

    /** {@link #perParameter} as a p×1 column of the precision's type. */
    INDArray column(Layout layout, DataType type) {
        double[] decay = perParameter(layout);
        return Nd4j.create(decay, new long[] {decay.length, 1}, DataType.DOUBLE).castTo(type);
    }
}
