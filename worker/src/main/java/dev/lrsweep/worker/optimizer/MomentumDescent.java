package dev.lrsweep.worker.optimizer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's SGD with momentum β and dampening 0, per model: the buffer b ← β·b + g (b = g at the first step,
 * since it starts at 0), then θ ← θ − lr·b (heavy ball) or θ ← θ − lr·(g + β·b) (Nesterov).
 */
public final class MomentumDescent implements UpdateRule {
    private final double beta;
    private final boolean nesterov;
    private final INDArray buffer;
    /** Each parameter's decay λ (p×1), or null for none. */
    private final INDArray decays;

    MomentumDescent(double beta, boolean nesterov, long parameters, int models, DataType type, INDArray decays) {
        this.beta = beta;
        this.nesterov = nesterov;
        this.decays = decays;
        buffer = Nd4j.zeros(type, parameters, models);
    }

    @Override
    public void step(INDArray parameters, INDArray raw, INDArray rates, INDArray origin) {
        INDArray gradient = decays == null ? raw
                : raw.add(origin == null ? parameters.mulColumnVector(decays)
                : parameters.addColumnVector(origin).muliColumnVector(decays));
        buffer.muli(beta).addi(gradient);
        INDArray direction = nesterov ? buffer.mul(beta).addi(gradient) : buffer;
        parameters.subi(direction.mulRowVector(rates));
    }

    @Override
    public void reset(int model) {
        buffer.getColumn(model).assign(0);
    }

    @Override
    public void copyMemory(UpdateRule source, int from, int to) {
        buffer.getColumn(to).assign(((MomentumDescent) source).buffer.getColumn(from));
    }
}
