package dev.lrsweep.worker;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain gradient descent, θ ← θ − lr·∇L, per model: the rule with no state. A step is a loop in the JVM over the
 * p×k parameters, read and written in place through views of the native arrays (no copy): θ[i][j] −= lr[j]·g[i][j]
 * in the arrays' precision, the same two roundings as libnd4j's multiply and subtract. It calls no libnd4j op:
 * for the small models of the linear family a step's arithmetic is a few hundred values, which costs less than an
 * op call, and every op call goes through libnd4j's process-wide locks (see {@link GraphProgram}) that tasks
 * running side by side queue on.
 */
final class PlainDescent implements UpdateRule {
    private final long parameters;
    private final int models;
    private final boolean doubles;
    private INDArray boundParameters;
    private INDArray boundGradient;
    private INDArray boundRates;
    private DoubleBuffer parameterDoubles;
    private DoubleBuffer gradientDoubles;
    private DoubleBuffer rateDoubles;
    private FloatBuffer parameterFloats;
    private FloatBuffer gradientFloats;
    private FloatBuffer rateFloats;

    PlainDescent(long parameters, int models, DataType type) {
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("plain descent on " + type + " (needs DOUBLE or FLOAT)");
        }
        this.parameters = parameters;
        this.models = models;
        this.doubles = type == DataType.DOUBLE;
    }

    @Override
    public void step(INDArray parameters, INDArray gradient, INDArray rates) {
        bind(parameters, gradient, rates);
        int size = (int) (this.parameters * models);
        if (doubles) {
            for (int i = 0; i < size; i++) {
                double scaled = rateDoubles.get(i % models) * gradientDoubles.get(i);
                parameterDoubles.put(i, parameterDoubles.get(i) - scaled);
            }
        } else {
            for (int i = 0; i < size; i++) {
                float scaled = rateFloats.get(i % models) * gradientFloats.get(i);
                parameterFloats.put(i, parameterFloats.get(i) - scaled);
            }
        }
    }

    /** Views of the arrays' memory, made again only for arrays other than the last step's. */
    private void bind(INDArray parameters, INDArray gradient, INDArray rates) {
        if (parameters != boundParameters) {
            checkLayout(parameters, this.parameters, "parameters");
            parameterDoubles = doubles ? doubles(parameters) : null;
            parameterFloats = doubles ? null : floats(parameters);
            boundParameters = parameters;
        }
        if (gradient != boundGradient) {
            checkLayout(gradient, this.parameters, "gradient");
            gradientDoubles = doubles ? doubles(gradient) : null;
            gradientFloats = doubles ? null : floats(gradient);
            boundGradient = gradient;
        }
        if (rates != boundRates) {
            checkLayout(rates, 1, "rates");
            rateDoubles = doubles ? doubles(rates) : null;
            rateFloats = doubles ? null : floats(rates);
            boundRates = rates;
        }
    }

    /** The array must be rows×k, row-major, contiguous and of the rule's type: the loop indexes its memory. */
    private void checkLayout(INDArray array, long rows, String name) {
        boolean doubleArray = array.dataType() == DataType.DOUBLE;
        if (array.rows() != rows || array.columns() != models || array.ordering() != 'c' || array.elementWiseStride() != 1
                || doubleArray != doubles) {
            throw new IllegalArgumentException(name + ": " + array.shapeInfoToString().replace('\n', ' ')
                    + " (needs " + rows + "×" + models + ", row-major, contiguous, " + (doubles ? "DOUBLE" : "FLOAT") + ")");
        }
    }

    private static DoubleBuffer doubles(INDArray array) {
        return array.data().pointer().asByteBuffer().order(ByteOrder.nativeOrder()).asDoubleBuffer()
                .position((int) array.offset()).slice();
    }

    private static FloatBuffer floats(INDArray array) {
        return array.data().pointer().asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer()
                .position((int) array.offset()).slice();
    }

    @Override
    public void reset(int model) {
        // nothing remembered
    }
}
