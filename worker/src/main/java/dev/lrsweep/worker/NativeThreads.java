package dev.lrsweep.worker;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Limits ND4J's native threads (its own op threads and OpenBLAS's) to the cores a task owns.
 * With two task threads on two cores, ND4J's default thread count made a step 2.6× slower than one
 * thread per task (measured, see ND4J_SPARK_NOTES.md), so a task must never take more than its share.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** Sets ND4J's and OpenBLAS's thread counts for this process; {@code threads} at least 1. */
    public static void limitTo(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " < 1");
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
