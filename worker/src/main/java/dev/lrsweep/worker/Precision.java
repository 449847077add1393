package dev.lrsweep.worker;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The floating-point precision of the per-step arithmetic: the graph's parameters, constants and
 * gradients. Everything computed once per task (the data's moments, the exact optimum) and every
 * number reported stays double.
 */
public enum Precision {
    /** Double precision, the default: about 16 significant digits. */
    FLOAT64(DataType.DOUBLE),
    /** Single precision, about 7 significant digits, as the PyTorch peers compute by default. */
    FLOAT32(DataType.FLOAT);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    DataType dataType() {
        return dataType;
    }
}
