package dev.lrsweep.worker.graph;

import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a SameDiff graph's gradient function without the "Added differentiated op …" lines that
 * ND4J 1.0.0-M2.1 prints with {@code System.out.println} for every op (unconditionally, not through
 * its logger), which would flood a user's console once per Spark task.
 *
 * <p>For the build only, standard output is swapped for a stream that drops exactly those lines
 * and passes everything else through, so output from other threads is never lost.
 */
public final class QuietGradientFunction {
    private static final String NOISE = "Added differentiated op ";
    private static final Object STANDARD_OUTPUT = new Object();

    private QuietGradientFunction() {
    }

    static void create(SameDiff graph) {
        synchronized (STANDARD_OUTPUT) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(original, true) {
                @Override
                public void println(String line) {
                    if (line == null || !line.startsWith(NOISE)) {
                        original.println(line);
                    }
                }
            });
            try {
                graph.createGradFunction();
            } finally {
                System.setOut(original);
            }
        }
    }
}
