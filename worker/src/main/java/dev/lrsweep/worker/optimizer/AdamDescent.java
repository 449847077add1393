package dev.lrsweep.worker.optimizer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's Adam, per model, written as {@code torch.optim.Adam} computes it: at step t,
 * m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², then
 * θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε). Weight decay is coupled (g ← g + λ·θ first), as Adam's
 * {@code weight_decay}, or decoupled (θ ← θ·(1 − lr·λ) first), as {@code torch.optim.AdamW}'s.
 */
public final class AdamDescent implements UpdateRule {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final INDArray first;
    private final INDArray second;
    /** Each parameter's decay λ (p×1), or null for none. */
    private final INDArray decays;
    private final boolean decoupled;
    private int step;

    AdamDescent(double beta1, double beta2, double epsilon, long parameters, int models, DataType type,
                INDArray decays, boolean decoupled) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.decays = decays;
        this.decoupled = decoupled;
        first = Nd4j.zeros(type, parameters, models);
        second = Nd4j.zeros(type, parameters, models);
    }

    @Override
    public void step(INDArray parameters, INDArray raw, INDArray rates, INDArray origin) {
        step++;
        INDArray gradient = raw;
        if (decays != null && decoupled && origin == null) {
            parameters.muli(decays.mmul(rates).rsubi(1));
        } else if (decays != null && decoupled) {
            // θ = Θ − θ₀ measured from θ₀ decays as θ₀ + θ does: θ ← (θ₀ + θ)·(1 − lr·λ) − θ₀
            parameters.assign(parameters.addColumnVector(origin).muli(decays.mmul(rates).rsubi(1))
                    .subiColumnVector(origin));
        } else if (decays != null) {
            gradient = raw.add(origin == null ? parameters.mulColumnVector(decays)
                    : parameters.addColumnVector(origin).muliColumnVector(decays));
        }
        first.muli(beta1).addi(gradient.mul(1 - beta1));
        second.muli(beta2).addi(gradient.mul(gradient).muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
        INDArray denominator = Transforms.sqrt(second, true).divi(correction2).addi(epsilon);
        parameters.subi(first.div(denominator).muliRowVector(rates).divi(correction1));
    }

    @Override
    public void reset(int model) {
        first.getColumn(model).assign(0);
        second.getColumn(model).assign(0);
    }

    @Override
    public void copyMemory(UpdateRule source, int from, int to) {
        AdamDescent adam = (AdamDescent) source;
        first.getColumn(to).assign(adam.first.getColumn(from));
        second.getColumn(to).assign(adam.second.getColumn(from));
        step = adam.step;
    }
}
