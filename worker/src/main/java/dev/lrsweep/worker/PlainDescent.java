package dev.lrsweep.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain gradient descent, θ ← θ − lr·∇L, per model: the rule with no state. */
final class PlainDescent implements UpdateRule {
    @Override
    public void step(INDArray parameters, INDArray gradient, INDArray rates) {
        parameters.subi(gradient.mulRowVector(rates));
    }

    @Override
    public void reset(int model) {
        // nothing remembered
    }
}
