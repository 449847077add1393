package dev.lrsweep.worker.graph;

import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A custom op run on contexts whose arrays are already set, straight through libnd4j: as ND4J's executioner
 * would send it, but without what the executioner does around the call (profiling hooks, a list of the outputs,
 * JavaCPP wrappers for its environment, the op's hash worked out again from its name). That is about 1 KB of
 * garbage per call (measured), which in a descent of small models was most of a step's garbage; the collector's
 * and the deallocator threads' work on it competes with the fits for the cores.
 */
public final class NativeOp {
    private static final NativeOps NATIVE = NativeOpsHolder.getInstance().getDeviceNativeOps();
    private final long hash;
    private final String name;

    NativeOp(CustomOp op) {
        hash = op.opHash();
        name = op.opName();
    }

    /** Runs the op on {@code context}'s arrays; throws with libnd4j's message if it fails. */
    void run(OpContext context) {
        int status = NATIVE.execCustomOp2(null, hash, context.contextPointer());
        if (status != 0 || NATIVE.lastErrorCode() != 0) {
            throw new IllegalStateException("op " + name + " failed: " + NATIVE.lastErrorMessage());
        }
    }
}
