package dev.lrsweep.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain gradient descent, θ ← θ − lr·∇L, per model: the rule with no state. The scaled gradient is formed in
 * an array of its own, kept from step to step: a step allocates no memory (every native allocation is
 * registered in JavaCPP's and ND4J's shared deallocation lists, which tasks running side by side contend for).
 */
final class PlainDescent implements UpdateRule {
    private final INDArray scaled;

    PlainDescent(long parameters, int models, DataType type) {
        scaled = Nd4j.zeros(type, parameters, models);
    }

    @Override
    public void step(INDArray parameters, INDArray gradient, INDArray rates) {
        parameters.subi(scaled.assign(gradient).muliRowVector(rates));
    }

    @Override
    public void reset(int model) {
        // nothing remembered
    }
}
