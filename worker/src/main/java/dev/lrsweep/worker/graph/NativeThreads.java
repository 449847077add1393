package dev.lrsweep.worker.graph;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Limits ND4J's native threads (its own op threads and OpenBLAS's) to the cores a task owns.
 * With two task threads on two cores, ND4J's default thread count made a step 2.6× slower than one
 * thread per task (measured, see ND4J_SPARK_NOTES.md), so a task must never take more than its share.
 *
 * <p>Loading this class also turns off JavaCPP's physical-memory check, unless the JVM was told
 * otherwise ({@value #MAX_PHYSICAL_BYTES}): with it on, every native allocation (several per SameDiff op
 * call) reads the process's memory counters from the OS, which costs system time and serialises task
 * threads. A linear sweep's step took 15–20% less time in one thread without it, and two task threads
 * went from 1.1–1.3× the work of one to 1.4–1.7× (measured). Every path into ND4J loads this class
 * first: a task limits its threads before it fits, and the driver's warm-up does too.
 */
public final class NativeThreads {
    /** JavaCPP's setting; it reads it once, when its {@code Pointer} class loads. */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    static {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

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
