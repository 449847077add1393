package dev.lrsweep.worker.graph;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link FusedElementwise}'s ops over a tile, and its products, with Java's Vector API, in a class of
 * their own: the Vector API's classes load with it, when a group first runs, so a JVM without the module still lays
 * programs out (unfused).
 */
final class VectorKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int STEP = SPECIES.length();
    private static final double LOG2_E = 1.4426950408889634;
    /** ln 2 in two parts, the first with its last 32 bits zero (fdlibm's), so that n·LN2_HIGH is exact. */
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;
    /** 1.5·2^52: adding it rounds to an integer, which its low bits then hold. */
    private static final double ROUNDING_SHIFT = 6755399441055744.0;
    private static final double EXP_OVERFLOWS = 709.782712893384;
    private static final double EXP_UNDERFLOWS = -745.1332191019412;
    private static final double SQRT_2 = 1.4142135623730951;

    /** float32 vectors of as many lanes as {@link #SPECIES}, to convert one into the other. */
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(STEP * Float.SIZE));

    private VectorKernels() {
    }

    /** {@code to[offset …] = from[0 … count − 1]}, float32 to float64. */
    static void widen(float[] from, double[] to, int offset, int count) {
        int i = 0;
        for (; i + STEP <= count; i += STEP) {
            ((DoubleVector) FloatVector.fromArray(FLOATS, from, i).castShape(SPECIES, 0)).intoArray(to, offset + i);
        }
        for (; i < count; i++) {
            to[offset + i] = from[i];
        }
    }

    /** {@code to[0 … count − 1] = from[offset …]}, float64 rounded to float32. */
    static void narrow(double[] from, int offset, float[] to, int count) {
        int i = 0;
        for (; i + STEP <= count; i += STEP) {
            ((FloatVector) load(from, offset + i).castShape(FLOATS, 0)).intoArray(to, i);
        }
        for (; i < count; i++) {
            to[i] = (float) from[offset + i];
        }
    }

    /**
     * One op over a tile: {@code out} from {@code x} (and {@code y}, or the scalar {@code s}; for sigmoid and softplus
     * {@code y} holds exp(−|x|), see {@link #expOfMinusAbs}). Each kind is a loop of
     * its own, so that C2 compiles every loop's vectors into registers (a vector passed through a shared loop's lambda
     * would be an object).
     */
    static void compute(FusedElementwise.Kind kind, double[] x, double[] y, double s, double[] out) {
        switch (kind) {
            case ADD -> add(x, y, out);
            case SUBTRACT -> subtract(x, y, out);
            case MULTIPLY -> multiply(x, y, out);
            case DIVIDE -> divide(x, y, out);
            case ADD_SCALAR -> addScalar(x, s, out);
            case SUB_SCALAR -> subScalar(x, s, out);
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
            case EXP -> exp(x, out);
            case NEG -> neg(x, out);
            case ABS -> abs(x, out);
            case SQUARE -> square(x, out);
            case SQRT -> sqrt(x, out);
            case CAST -> System.arraycopy(x, 0, out, 0, out.length);
            case CAST_FLOAT -> castFloat(x, out);
            case CAST_BOOL -> castBool(x, out);
        }
    }

    private static void add(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).add(load(y, i)).intoArray(out, i);
        }
    }

    private static void subtract(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).sub(load(y, i)).intoArray(out, i);
        }
    }

    private static void multiply(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).mul(load(y, i)).intoArray(out, i);
        }
    }

    private static void divide(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).div(load(y, i)).intoArray(out, i);
        }
    }

    private static void addScalar(double[] x, double s, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).add(s).intoArray(out, i);
        }
    }

    private static void subScalar(double[] x, double s, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).sub(s).intoArray(out, i);
        }
    }

    private static void rsubScalar(double[] x, double s, double[] out) {
        DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            scalar.sub(load(x, i)).intoArray(out, i);
        }
    }

    private static void mulScalar(double[] x, double s, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).mul(s).intoArray(out, i);
        }
    }

    private static void divScalar(double[] x, double s, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).div(s).intoArray(out, i);
        }
    }

    private static void rdivScalar(double[] x, double s, double[] out) {
        DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            scalar.div(load(x, i)).intoArray(out, i);
        }
    }

    /** libnd4j's a < b ? a : b (and a > b ? a : b below): where x is NaN, the scalar. */
    private static void minScalar(double[] x, double s, double[] out) {
        DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector v = load(x, i);
            scalar.blend(v, v.compare(VectorOperators.LT, s)).intoArray(out, i);
        }
    }

    private static void maxScalar(double[] x, double s, double[] out) {
        DoubleVector scalar = DoubleVector.broadcast(SPECIES, s);
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector v = load(x, i);
            scalar.blend(v, v.compare(VectorOperators.GT, s)).intoArray(out, i);
        }
    }

    private static void lessScalar(double[] x, double s, double[] out) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0, load(x, i).compare(VectorOperators.LT, s)).intoArray(out, i);
        }
    }

    private static void lessEqualScalar(double[] x, double s, double[] out) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0, load(x, i).compare(VectorOperators.LE, s)).intoArray(out, i);
        }
    }

    private static void greaterScalar(double[] x, double s, double[] out) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0, load(x, i).compare(VectorOperators.GT, s)).intoArray(out, i);
        }
    }

    private static void greaterEqualScalar(double[] x, double s, double[] out) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0, load(x, i).compare(VectorOperators.GE, s)).intoArray(out, i);
        }
    }

    /** {@code e = exp(−|x|)}, which sigmoid and softplus of x are computed from. */
    static void expOfMinusAbs(double[] x, double[] e) {
        for (int i = 0; i < e.length; i += STEP) {
            load(x, i).abs().intoArray(e, i);
        }
        exp(e, -1.0, e);
    }

    /**
     * libnd4j's 1 / (1 + exp(−x)) from e = exp(−|x|): 1 / (1 + e) where x ≥ 0, e / (1 + e) below (no exponential
     * that overflows).
     */
    private static void sigmoid(double[] x, double[] e, double[] out) {
        DoubleVector one = constant(1.0);
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector ei = load(e, i);
            DoubleVector reciprocal = one.div(ei.add(1.0));
            reciprocal.blend(ei.mul(reciprocal), load(x, i).compare(VectorOperators.LT, 0.0)).intoArray(out, i);
        }
    }

    /**
     * libnd4j's log(1 + exp(x)), as max(x, 0) + log1p(e), e = exp(−|x|), which loses no digits to the sum; infinite
     * where libnd4j's exp(x) overflows. (Each step a loop over the tile: a vector passed to a method C2 does not
     * inline would be boxed.)
     */
    private static void softplus(double[] x, double[] e, double[] out) {
        log1pOfUnit(e, out);
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector v = load(x, i);
            v.max(0.0).add(load(out, i)).blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_OVERFLOWS))
                    .intoArray(out, i);
        }
    }

    private static void exp(double[] x, double[] out) {
        exp(x, 1.0, out);
    }

    /**
     * e^(sign·x) from IEEE's basic operations alone (no library call), so that interpreted, C1- and C2-compiled code
     * give the same bits and a sweep's numbers do not depend on when the compiler got to it (the Vector API's own
     * EXP is Intel's SVML compiled and Math.exp per lane interpreted, which differ in the last bit). x = n·ln 2 + r,
     * |r| ≤ ln 2 / 2; e^r by its Taylor polynomial to r^13 (truncation below 1e-17 relative); 2^n in two halves, so
     * that both are normal numbers down to the subnormal results.
     */
    private static void exp(double[] in, double sign, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector x = load(in, i).mul(sign);
            DoubleVector clamped = x.max(-746.0).min(710.0);
            DoubleVector shifted = clamped.fma(constant(LOG2_E), constant(ROUNDING_SHIFT));
            DoubleVector n = shifted.sub(ROUNDING_SHIFT);
            LongVector k = shifted.reinterpretAsLongs().sub(Double.doubleToRawLongBits(ROUNDING_SHIFT));
            DoubleVector r = n.fma(constant(-LN2_HIGH), clamped);
            r = n.fma(constant(-LN2_LOW), r);
            // Horner's rule written out
            DoubleVector p = r.fma(constant(1 / 6227020800.0), constant(1 / 479001600.0));
            p = p.fma(r, constant(1 / 39916800.0));
            p = p.fma(r, constant(1 / 3628800.0));
            p = p.fma(r, constant(1 / 362880.0));
            p = p.fma(r, constant(1 / 40320.0));
            p = p.fma(r, constant(1 / 5040.0));
            p = p.fma(r, constant(1 / 720.0));
            p = p.fma(r, constant(1 / 120.0));
            p = p.fma(r, constant(1 / 24.0));
            p = p.fma(r, constant(1 / 6.0));
            p = p.fma(r, constant(0.5));
            p = p.fma(r, constant(1.0));
            p = p.fma(r, constant(1.0));
            LongVector half = k.lanewise(VectorOperators.ASHR, 1);
            DoubleVector scale1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector scale2 = k.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(scale1).mul(scale2)
                    .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOWS))
                    .blend(0.0, x.compare(VectorOperators.LT, EXP_UNDERFLOWS))
                    .blend(x, x.compare(VectorOperators.NE, x))
                    .intoArray(out, i);
        }
    }

    /**
     * log(1 + u) for u in [0, 1] from IEEE's basic operations alone (see {@link #exp(double[], double, double[])}):
     * w = 1 + u rounded, log w = e·ln 2 + 2·atanh(s) with s = (m − 1)/(m + 1), w = 2^e·m, m in [√½, √2] (|s| ≤
     * 0.172, the series to s^23), and u − (w − 1), what the rounding of w lost, added back as its derivative's share.
     */
    private static void log1pOfUnit(double[] in, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector u = load(in, i);
            DoubleVector w = u.add(1.0);
            VectorMask<Double> high = w.compare(VectorOperators.GT, SQRT_2);
            DoubleVector m = w.blend(w.mul(0.5), high);
            DoubleVector e = DoubleVector.zero(SPECIES).blend(1.0, high);
            DoubleVector s = m.sub(1.0).div(m.add(1.0));
            DoubleVector z = s.mul(s);
            DoubleVector series = z.fma(constant(1 / 23.0), constant(1 / 21.0));
            series = series.fma(z, constant(1 / 19.0));
            series = series.fma(z, constant(1 / 17.0));
            series = series.fma(z, constant(1 / 15.0));
            series = series.fma(z, constant(1 / 13.0));
            series = series.fma(z, constant(1 / 11.0));
            series = series.fma(z, constant(1 / 9.0));
            series = series.fma(z, constant(1 / 7.0));
            series = series.fma(z, constant(1 / 5.0));
            series = series.fma(z, constant(1 / 3.0));
            series = series.fma(z, constant(1.0));
            DoubleVector lost = u.sub(w.sub(1.0)).div(w);
            e.fma(constant(LN2_HIGH), s.add(s).fma(series, e.fma(constant(LN2_LOW), lost))).intoArray(out, i);
        }
    }

    private static void neg(double[] x, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).neg().intoArray(out, i);
        }
    }

    private static void abs(double[] x, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).abs().intoArray(out, i);
        }
    }

    private static void square(double[] x, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            DoubleVector v = load(x, i);
            v.mul(v).intoArray(out, i);
        }
    }

    private static void sqrt(double[] x, double[] out) {
        for (int i = 0; i < out.length; i += STEP) {
            load(x, i).sqrt().intoArray(out, i);
        }
    }

    /** float32's rounding of each value. */
    private static void castFloat(double[] x, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) x[i];
        }
    }

    /** 1 where a value is nonzero (NaN too, as C++'s cast to bool), else 0. */
    private static void castBool(double[] x, double[] out) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < out.length; i += STEP) {
            zero.blend(1.0, load(x, i).compare(VectorOperators.NE, 0.0)).intoArray(out, i);
        }
    }

    /**
     * z = a·w for the tile's rows: a rows × d, w d × k, z rows × k (k a multiple of the vector's length: w's and z's
     * columns padded); four rows and two vectors of columns at a time, eight sums in flight (one value's sum is a
     * chain of d dependent multiply-adds, each a[row][j]·w[j][column] added in the order of j). Each value is the
     * same chain whatever k is and wherever its column falls in a vector.
     */
    static void product(double[] a, int rows, int d, double[] w, int k, double[] z) {
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int a0 = row * d;
            int column = 0;
            for (; column + 2 * STEP <= k; column += 2 * STEP) {
                DoubleVector sum0 = DoubleVector.zero(SPECIES);
                DoubleVector sum1 = sum0;
                DoubleVector sum2 = sum0;
                DoubleVector sum3 = sum0;
                DoubleVector next0 = sum0;
                DoubleVector next1 = sum0;
                DoubleVector next2 = sum0;
                DoubleVector next3 = sum0;
                for (int j = 0; j < d; j++) {
                    DoubleVector wj = load(w, j * k + column);
                    DoubleVector wNext = load(w, j * k + column + STEP);
                    DoubleVector a0j = constant(a[a0 + j]);
                    DoubleVector a1j = constant(a[a0 + d + j]);
                    DoubleVector a2j = constant(a[a0 + 2 * d + j]);
                    DoubleVector a3j = constant(a[a0 + 3 * d + j]);
                    sum0 = wj.fma(a0j, sum0);
                    sum1 = wj.fma(a1j, sum1);
                    sum2 = wj.fma(a2j, sum2);
                    sum3 = wj.fma(a3j, sum3);
                    next0 = wNext.fma(a0j, next0);
                    next1 = wNext.fma(a1j, next1);
                    next2 = wNext.fma(a2j, next2);
                    next3 = wNext.fma(a3j, next3);
                }
                sum0.intoArray(z, row * k + column);
                sum1.intoArray(z, (row + 1) * k + column);
                sum2.intoArray(z, (row + 2) * k + column);
                sum3.intoArray(z, (row + 3) * k + column);
                next0.intoArray(z, row * k + column + STEP);
                next1.intoArray(z, (row + 1) * k + column + STEP);
                next2.intoArray(z, (row + 2) * k + column + STEP);
                next3.intoArray(z, (row + 3) * k + column + STEP);
            }
            for (; column < k; column += STEP) {
                DoubleVector sum0 = DoubleVector.zero(SPECIES);
                DoubleVector sum1 = sum0;
                DoubleVector sum2 = sum0;
                DoubleVector sum3 = sum0;
                for (int j = 0; j < d; j++) {
                    DoubleVector wj = load(w, j * k + column);
                    sum0 = wj.fma(constant(a[a0 + j]), sum0);
                    sum1 = wj.fma(constant(a[a0 + d + j]), sum1);
                    sum2 = wj.fma(constant(a[a0 + 2 * d + j]), sum2);
                    sum3 = wj.fma(constant(a[a0 + 3 * d + j]), sum3);
                }
                sum0.intoArray(z, row * k + column);
                sum1.intoArray(z, (row + 1) * k + column);
                sum2.intoArray(z, (row + 2) * k + column);
                sum3.intoArray(z, (row + 3) * k + column);
            }
        }
        for (; row < rows; row++) {
            for (int column = 0; column < k; column += STEP) {
                DoubleVector sum = DoubleVector.zero(SPECIES);
                for (int j = 0; j < d; j++) {
                    sum = load(w, j * k + column).fma(constant(a[row * d + j]), sum);
                }
                sum.intoArray(z, row * k + column);
            }
        }
    }

    /**
     * sums += aᵀ·g for the tile's rows: a rows × d, g rows × k (row stride k), sums d × paddedK; four rows at a
     * time (their terms summed in pairs, then added), two vectors of columns at a time where there are two, then the
     * rest of the rows one by one, so the order of each value's sum does not depend on k. Whole vectors: a row's last
     * one reads the next row's first values (past the tile's end, its register's padding), which land in the sums'
     * padding columns, never written out.
     */
    static void transposedProduct(double[] a, int rows, int d, double[] g, int k, int paddedK, double[] sums) {
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int a0 = row * d;
            int column = 0;
            for (; column + 2 * STEP <= k; column += 2 * STEP) {
                DoubleVector g0 = load(g, row * k + column);
                DoubleVector g1 = load(g, (row + 1) * k + column);
                DoubleVector g2 = load(g, (row + 2) * k + column);
                DoubleVector g3 = load(g, (row + 3) * k + column);
                DoubleVector h0 = load(g, row * k + column + STEP);
                DoubleVector h1 = load(g, (row + 1) * k + column + STEP);
                DoubleVector h2 = load(g, (row + 2) * k + column + STEP);
                DoubleVector h3 = load(g, (row + 3) * k + column + STEP);
                for (int j = 0; j < d; j++) {
                    DoubleVector a0j = constant(a[a0 + j]);
                    DoubleVector a1j = constant(a[a0 + d + j]);
                    DoubleVector a2j = constant(a[a0 + 2 * d + j]);
                    DoubleVector a3j = constant(a[a0 + 3 * d + j]);
                    int at = j * paddedK + column;
                    load(sums, at).add(g0.mul(a0j).add(g1.mul(a1j)).add(g2.mul(a2j).add(g3.mul(a3j))))
                            .intoArray(sums, at);
                    load(sums, at + STEP).add(h0.mul(a0j).add(h1.mul(a1j)).add(h2.mul(a2j).add(h3.mul(a3j))))
                            .intoArray(sums, at + STEP);
                }
            }
            for (; column < k; column += STEP) {
                DoubleVector g0 = load(g, row * k + column);
                DoubleVector g1 = load(g, (row + 1) * k + column);
                DoubleVector g2 = load(g, (row + 2) * k + column);
                DoubleVector g3 = load(g, (row + 3) * k + column);
                for (int j = 0; j < d; j++) {
                    int at = j * paddedK + column;
                    load(sums, at).add(g0.mul(a[a0 + j]).add(g1.mul(a[a0 + d + j]))
                            .add(g2.mul(a[a0 + 2 * d + j]).add(g3.mul(a[a0 + 3 * d + j]))))
                            .intoArray(sums, at);
                }
            }
        }
        for (; row < rows; row++) {
            for (int column = 0; column < k; column += STEP) {
                DoubleVector gRow = load(g, row * k + column);
                for (int j = 0; j < d; j++) {
                    gRow.fma(constant(a[row * d + j]), load(sums, j * paddedK + column))
                            .intoArray(sums, j * paddedK + column);
                }
            }
        }
    }

    private static DoubleVector constant(double value) {
        return DoubleVector.broadcast(SPECIES, value);
    }

    private static DoubleVector load(double[] register, int i) {
        return DoubleVector.fromArray(SPECIES, register, i);
    }
}
