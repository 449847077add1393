package dev.lrsweep.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain gradient descent, θ ← θ − lr·∇L, per model: the rule with no state. A step is two of libnd4j's custom
 * ops on contexts set up once (the gradient scaled by each column's rate into an array kept from step to step,
 * then subtracted from the parameters in place), run through {@link NativeOp}: a step allocates no native memory
 * and next to no garbage. An array is bound to a context again only when it is another one (binding makes libnd4j
 * look its shape up in its process-wide cache, see {@link GraphProgram}), and the contexts skip working out their
 * outputs' shapes.
 */
final class PlainDescent implements UpdateRule {
    private final INDArray scaled;
    private final NativeOp scale = new NativeOp(new MulOp());
    private final NativeOp subtract = new NativeOp(new SubOp());
    private final OpContext scaling = Nd4j.getExecutioner().buildContext();
    private final OpContext subtracting = Nd4j.getExecutioner().buildContext();
    private INDArray boundParameters;
    private INDArray boundGradient;
    private INDArray boundRates;

    PlainDescent(long parameters, int models, DataType type) {
        scaled = Nd4j.zeros(type, parameters, models);
        scaling.setOutputArray(0, scaled);
        subtracting.setInputArray(1, scaled);
        scaling.shapeFunctionOverride(true);
        subtracting.shapeFunctionOverride(true);
    }

    @Override
    public void step(INDArray parameters, INDArray gradient, INDArray rates) {
        if (gradient != boundGradient || rates != boundRates) {
            scaling.setInputArray(0, gradient);
            scaling.setInputArray(1, rates);
            boundGradient = gradient;
            boundRates = rates;
        }
        if (parameters != boundParameters) {
            subtracting.setInputArray(0, parameters);
            subtracting.setOutputArray(0, parameters);
            boundParameters = parameters;
        }
        scale.run(scaling);
        subtract.run(subtracting);
    }

    @Override
    public void reset(int model) {
        // nothing remembered
    }
}
