package dev.lrsweep.worker.optimizer;

import java.nio.Buffer;
import java.nio.ByteBuffer;
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
 * op call, and every op call goes through libnd4j's process-wide locks (see {@link dev.lrsweep.worker.graph.GraphProgram}) that tasks
 * running side by side queue on.
 */
public final class PlainDescent implements UpdateRule {
    private final long parameters;
    private final int models;
    private final boolean doubles;
    /** Each parameter's weight decay λ, coupled (θ ← θ − lr·(g + λ·θ)), or null for none. */
    private final double[] decays;
    private INDArray boundParameters;
    private INDArray boundGradient;
    private INDArray boundRates;
    /** Views of the bound arrays' memory: {@link DoubleBuffer}s, or {@link FloatBuffer}s in float32. */
    private Buffer parameterView;
    private Buffer gradientView;
    private Buffer rateView;
    private INDArray boundOrigin;
    /** The origin the parameters are measured from, one value a parameter, or null for 0. */
    private double[] originValues;

    PlainDescent(long parameters, int models, DataType type, double[] decays) {
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("plain descent on " + type + " (needs DOUBLE or FLOAT)");
        }
        this.parameters = parameters;
        this.models = models;
        this.doubles = type == DataType.DOUBLE;
        this.decays = decays;
    }

    @Override
    public void step(INDArray parameters, INDArray gradient, INDArray rates, INDArray origin) {
        if (origin != boundOrigin) {
            originValues = origin == null ? null : origin.castTo(DataType.DOUBLE).toDoubleVector();
            boundOrigin = origin;
        }
        // views are made again only for arrays other than the last step's
        if (parameters != boundParameters) {
            parameterView = view(parameters, this.parameters, "parameters");
            boundParameters = parameters;
        }
        if (gradient != boundGradient) {
            gradientView = view(gradient, this.parameters, "gradient");
            boundGradient = gradient;
        }
        if (rates != boundRates) {
            rateView = view(rates, 1, "rates");
            boundRates = rates;
        }
        int size = (int) (this.parameters * models);
        if (doubles) {
            DoubleBuffer theta = (DoubleBuffer) parameterView;
            DoubleBuffer g = (DoubleBuffer) gradientView;
            DoubleBuffer lr = (DoubleBuffer) rateView;
            if (decays == null) {
                for (int i = 0; i < size; i++) {
                    theta.put(i, theta.get(i) - lr.get(i % models) * g.get(i));
                }
            } else {
                for (int i = 0; i < size; i++) {
                    double at = originValues == null ? theta.get(i) : originValues[i / models] + theta.get(i);
                    theta.put(i, theta.get(i) - lr.get(i % models) * (g.get(i) + decays[i / models] * at));
                }
            }
        } else {
            FloatBuffer theta = (FloatBuffer) parameterView;
            FloatBuffer g = (FloatBuffer) gradientView;
            FloatBuffer lr = (FloatBuffer) rateView;
            if (decays == null) {
                for (int i = 0; i < size; i++) {
                    theta.put(i, theta.get(i) - lr.get(i % models) * g.get(i));
                }
            } else {
                for (int i = 0; i < size; i++) {
                    float decay = (float) decays[i / models];
                    float at = originValues == null ? theta.get(i) : (float) originValues[i / models] + theta.get(i);
                    theta.put(i, theta.get(i) - lr.get(i % models) * (g.get(i) + decay * at));
                }
            }
        }
    }

    /**
     * A view of the array's memory, which must be rows×k, row-major, contiguous and of the rule's type: the loop
     * indexes it directly.
     */
    private Buffer view(INDArray array, long rows, String name) {
        boolean doubleArray = array.dataType() == DataType.DOUBLE;
        if (array.rows() != rows || array.columns() != models || array.ordering() != 'c'
                || array.elementWiseStride() != 1 || doubleArray != doubles) {
            throw new IllegalArgumentException(name + ": " + array.shapeInfoToString().replace('\n', ' ')
                    + " (needs " + rows + "×" + models + ", row-major, contiguous, "
                    + (doubles ? "DOUBLE" : "FLOAT") + ")");
        }
        ByteBuffer bytes = array.data().pointer().asByteBuffer().order(ByteOrder.nativeOrder());
        return doubles ? bytes.asDoubleBuffer().position((int) array.offset()).slice()
                : bytes.asFloatBuffer().position((int) array.offset()).slice();
    }

    @Override
    public void reset(int model) {
        // nothing remembered
    }

    @Override
    public void copyMemory(UpdateRule source, int from, int to) {
        // nothing remembered
    }
}
