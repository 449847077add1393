package dev.lrsweep.worker.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.worker.descent.BatchDescent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JavaCPP's physical-memory check is off in a fresh JVM whose first ND4J use is a fit or a task. */
class NativeThreadsTest {

    /** A fresh JVM's first steps, as the driver's warm-up takes them; prints JavaCPP's limit. */
    public static final class FirstUse {
        public static void main(String[] args) {
            BatchDescent.warmUp();
            System.out.print(org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
        }
    }

    @Test
    void theWarmUpLoadsNd4jWithJavaCppsPhysicalMemoryCheckOff() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FirstUse.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        child.waitFor(2, TimeUnit.MINUTES);
        assertEquals("0", out.strip());
    }
}
