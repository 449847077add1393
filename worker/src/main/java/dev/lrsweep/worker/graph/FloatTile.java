package dev.lrsweep.worker.graph;

import dev.lrsweep.worker.graph.FusedElementwise.Kind;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ops' loops over a tile of a group whose arrays are all float32 (or bool): in float32 lanes, twice as many to a
 * vector as float64's, each op rounding to float32 as libnd4j's float32 op does. The basic operations (+, −, ×, ÷, √,
 * comparisons) give libnd4j's float32 bits; exp and log1p are built, as {@code FusedElementwise}'s float64 ones are,
 * from IEEE's basic operations alone (the same bits interpreted and compiled), with float32's shorter polynomials, and
 * exp, sigmoid and softplus are within three float32 roundings of the exact value (libnd4j's float32 ones are not
 * correctly rounded either). A class of its own, loaded when such a group first runs.
 */
final class FloatTile {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** A float32 register's values are a multiple of this. */
    static final int STEP = SPECIES.length();
    private static final float LOG2_E = 1.44269504088896341f;
    /** ln 2 in two parts, the first with 15 significant bits (fdlibm's expf), so that n·EXP_LN2_HIGH is exact. */
    private static final float EXP_LN2_HIGH = 6.9314575195e-01f;
    private static final float EXP_LN2_LOW = 1.4286067653e-06f;
    /** ln 2 in two parts as fdlibm's logf splits it. */
    private static final float LOG_LN2_HIGH = 6.9313812256e-01f;
    private static final float LOG_LN2_LOW = 9.0580006145e-06f;
    /** 1.5·2^23: adding it rounds to an integer, which its low bits then hold. */
    private static final float ROUNDING_SHIFT = 12582912.0f;
    /** Where float32's exp overflows (the largest x whose exp is finite) and where it underflows to 0. */
    private static final float EXP_OVERFLOWS = 88.72283935546875f;
    private static final float EXP_UNDERFLOWS = -103.97208f;
    /** Where float64's exp overflows. */
    private static final float DOUBLE_EXP_OVERFLOWS = 709.782712893384f;
    private static final float SQRT_2 = 1.41421356f;

    private FloatTile() {
    }

    /**
     * One op over a tile: {@code out} from {@code x} (and {@code y}, or the scalar {@code s} as float32; for sigmoid
     * and softplus {@code y} holds exp(−|x|), see {@link #expOfMinusAbs}). Each kind a loop of its own, as in
     * {@code FusedElementwise}.
     */
    static void compute(Kind kind, float[] x, float[] y, double scalar, float[] out) {
        float s = (float) scalar;
        switch (kind) {
            case ADD -> add(x, y, out);
            case SUBTRACT -> subtract(x, y, out);
            case MULTIPLY -> multiply(x, y, out);
            case DIVIDE -> divide(x, y, out);
            case ADD_SCALAR -> addScalar(x, s, out);
            case SUB_SCALAR -> addScalar(x, -s, out);
            case RSUB_SCALAR -> rsubScalar(x, s, out);
            case MUL_SCALAR -> mulScalar(x, s, out);
            case DIV_SCALAR -> divScalar(x, s, out);
            case RDIV_SCALAR -> rdivScalar(x, s, out);
            case MIN_SCALAR -> minScalar(x, s, out);
            case MAX_SCALAR -> maxScalar(x, s, out);
            case LESS_SCALAR -> lessScalar(x, s, out);
            case LESS_EQUAL_SCALAR -> lessEqualScalar(x, s, out);
            case GREATER_SCALAR -> greaterScalar(x, s, out);
            case GREATER_EQUAL_SCALAR -> greaterEqualScalar(x, s, out);
            case SIGMOID -> sigmoid(x, y, out);
            case SOFTPLUS -> softplus(x, y, out);
            case EXP -> exp(x, 1.0f, out);
            case NEG -> neg(x, out);
            case ABS -> abs(x, out);
            case SQUARE -> multiply(x, x, out);
            case SQRT -> sqrt(x, out);
            case CAST_FLOAT -> System.arraycopy(x, 0, out, 0, out.length);
            case CAST_BOOL -> castBool(x, out);
            case CAST -> throw new IllegalStateException("a cast to float64 in a float32 group");
        }
    }

    private static void add(float[] x, float[] y, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).add(load(y, i)).intoArray(out, i);
        }
    }

    private static void subtract(float[] x, float[] y, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).sub(load(y, i)).intoArray(out, i);
        }
    }

    private static void multiply(float[] x, float[] y, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).mul(load(y, i)).intoArray(out, i);
        }
    }

    private static void divide(float[] x, float[] y, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).div(load(y, i)).intoArray(out, i);
        }
    }

    /** x − s as x + (−s): the same rounding, as negation is exact. */
    private static void addScalar(float[] x, float s, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).add(s).intoArray(out, i);
        }
    }

    private static void rsubScalar(float[] x, float s, float[] out) {
        FloatVector scalar = FloatVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            scalar.sub(load(x, i)).intoArray(out, i);
        }
    }

    private static void mulScalar(float[] x, float s, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).mul(s).intoArray(out, i);
        }
    }

    private static void divScalar(float[] x, float s, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).div(s).intoArray(out, i);
        }
    }

    private static void rdivScalar(float[] x, float s, float[] out) {
        FloatVector scalar = FloatVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            scalar.div(load(x, i)).intoArray(out, i);
        }
    }

    /** libnd4j's a < b ? a : b (and a > b ? a : b below): where x is NaN, the scalar. */
    private static void minScalar(float[] x, float s, float[] out) {
        FloatVector scalar = FloatVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector v = load(x, i);
            scalar.blend(v, v.compare(VectorOperators.LT, s)).intoArray(out, i);
        }
    }

    private static void maxScalar(float[] x, float s, float[] out) {
        FloatVector scalar = FloatVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector v = load(x, i);
            scalar.blend(v, v.compare(VectorOperators.GT, s)).intoArray(out, i);
        }
    }

    /** 1 where x < s, else 0 (NaN compares false); a loop for each comparison, so that C2 compiles it as a constant. */
    private static void lessScalar(float[] x, float s, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0f, load(x, i).compare(VectorOperators.LT, s)).intoArray(out, i);
        }
    }

    private static void lessEqualScalar(float[] x, float s, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0f, load(x, i).compare(VectorOperators.LE, s)).intoArray(out, i);
        }
    }

    private static void greaterScalar(float[] x, float s, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0f, load(x, i).compare(VectorOperators.GT, s)).intoArray(out, i);
        }
    }

    private static void greaterEqualScalar(float[] x, float s, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0f, load(x, i).compare(VectorOperators.GE, s)).intoArray(out, i);
        }
    }

    /** {@code e = exp(−|x|)}, which sigmoid and softplus of x are computed from. */
    static void expOfMinusAbs(float[] x, float[] e) {
        for (int i = 0; i < e.length; i += STEP) {
            load(x, i).abs().intoArray(e, i);
        }
        exp(e, -1.0f, e);
    }

    /**
     * 1 / (1 + e) where x ≥ 0, e / (1 + e) below, e = exp(−|x|): no exponential that overflows, and one division (one
     * rounding) either way.
     */
    private static void sigmoid(float[] x, float[] e, float[] out) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1.0f);
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector ei = load(e, i);
            one.blend(ei, load(x, i).compare(VectorOperators.LT, 0.0f)).div(ei.add(1.0f)).intoArray(out, i);
        }
    }

    /**
     * log(1 + exp(x)) as max(x, 0) + log1p(e), e = exp(−|x|): finite where float32's exp(x) overflows, as the float32
     * groups computed in float64 lanes gave it, and infinite where float64's does.
     */
    private static void softplus(float[] x, float[] e, float[] out) {
        log1pOfUnit(e, out);
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector v = load(x, i);
            v.max(0.0f).add(load(out, i))
                    .blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, DOUBLE_EXP_OVERFLOWS))
                    .intoArray(out, i);
        }
    }

    /**
     * e^(sign·x): x = n·ln 2 + r, |r| ≤ ln 2 / 2; e^r by its Taylor polynomial to r^7 (truncation below 1e-8
     * relative, a sixth of a float32 rounding); 2^n in two halves, so that both are normal numbers down to the
     * subnormal results. Beyond the range where e^x overflows or underflows (and for NaN) the lanes' arithmetic is
     * garbage that the last blends replace, as in {@code FusedElementwise}'s exp.
     */
    private static void exp(float[] in, float sign, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector x = load(in, i).mul(sign);
            FloatVector shifted = x.fma(constant(LOG2_E), constant(ROUNDING_SHIFT));
            FloatVector n = shifted.sub(ROUNDING_SHIFT);
            IntVector k = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDING_SHIFT));
            FloatVector r = n.fma(constant(-EXP_LN2_HIGH), x);
            r = n.fma(constant(-EXP_LN2_LOW), r);
            FloatVector p = r.fma(constant(1 / 5040.0f), constant(1 / 720.0f));
            p = p.fma(r, constant(1 / 120.0f));
            p = p.fma(r, constant(1 / 24.0f));
            p = p.fma(r, constant(1 / 6.0f));
            p = p.fma(r, constant(0.5f));
            p = p.fma(r, constant(1.0f));
            p = p.fma(r, constant(1.0f));
            IntVector half = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector scale2 = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(scale1).mul(scale2)
                    .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOWS))
                    .blend(0.0f, x.compare(VectorOperators.LT, EXP_UNDERFLOWS))
                    .blend(x, x.compare(VectorOperators.NE, x))
                    .intoArray(out, i);
        }
    }

    /**
     * log(1 + u) for u in [0, 1]: w = 1 + u rounded, log w = e·ln 2 + 2·atanh(s) with s = (m − 1)/(m + 1), w = 2^e·m,
     * m in [√½, √2] (|s| ≤ 0.172, the series to s^9), and u − (w − 1), what the rounding of w lost, added back as its
     * derivative's share.
     */
    private static void log1pOfUnit(float[] in, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            FloatVector u = load(in, i);
            FloatVector w = u.add(1.0f);
            VectorMask<Float> high = w.compare(VectorOperators.GT, SQRT_2);
            FloatVector m = w.blend(w.mul(0.5f), high);
            FloatVector e = FloatVector.zero(SPECIES).blend(1.0f, high);
            FloatVector s = m.sub(1.0f).div(m.add(1.0f));
            FloatVector z = s.mul(s);
            FloatVector series = z.fma(constant(1 / 9.0f), constant(1 / 7.0f));
            series = series.fma(z, constant(1 / 5.0f));
            series = series.fma(z, constant(1 / 3.0f));
            series = series.fma(z, constant(1.0f));
            FloatVector lost = u.sub(w.sub(1.0f)).div(w);
            e.fma(constant(LOG_LN2_HIGH), s.add(s).fma(series, e.fma(constant(LOG_LN2_LOW), lost))).intoArray(out, i);
        }
    }

    private static void neg(float[] x, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).neg().intoArray(out, i);
        }
    }

    private static void abs(float[] x, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).abs().intoArray(out, i);
        }
    }

    private static void sqrt(float[] x, float[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).sqrt().intoArray(out, i);
        }
    }

    /** 1 where a value is nonzero (NaN too, as C++'s cast to bool), else 0. */
    private static void castBool(float[] x, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0f, load(x, i).compare(VectorOperators.NE, 0.0f)).intoArray(out, i);
        }
    }

    private static FloatVector constant(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    private static FloatVector load(float[] register, int i) {
        return FloatVector.fromArray(SPECIES, register, i);
    }
}
