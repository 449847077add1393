package dev.lrsweep.worker;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The floating-point precision of the per-step arithmetic: the graph's parameters, constants and
 * gradients. Everything computed once per task (the data's moments, the exact optimum) and every
 * number reported stays double.
 */
public enum Precision {
    /** Double precision, the default: about 16 significant digits. */
    FLOAT64(DataType.DOUBLE, 1e-12, 1e-6),
    /** Single precision, about 7 significant digits, as the PyTorch peers compute by default. */
    FLOAT32(DataType.FLOAT, 1e-6, 1e-2);

    private final DataType dataType;
    private final double twinOffset;
    private final double chaoticSensitivity;

    Precision(DataType dataType, double twinOffset, double chaoticSensitivity) {
        this.dataType = dataType;
        this.twinOffset = twinOffset;
        this.chaoticSensitivity = chaoticSensitivity;
    }

    /**
     * How far a sensitivity twin starts from its run, relative to the run's values: 1e-12 in float64 (about
     * 4,500 units in the last place, well above rounding, far below any difference a user would see), 1e-6 in
     * float32 (about 8 units in the last place).
     */
    public double twinOffset() {
        return twinOffset;
    }

    /**
     * The sensitivity above which a cell is chaotic: the twin's offset grown a millionfold in float64 (1e-6), so
     * that a rounding difference of 1e-16 has grown past 1e-10 and the loss's later digits are rounding's; 1e-2
     * in float32, whose own rounding is 6e-8.
     */
    public double chaoticSensitivity() {
        return chaoticSensitivity;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The name in config files and results: {@code float64} or {@code float32}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
