package dev.lrsweep.driver;

import dev.lrsweep.driver.safety.OutDirLock;
import java.nio.file.Path;

/** A JVM that holds an out dir's lock until its standard input closes: the other sweep of a cross-process test. */
final class OutDirLockHolder {
    private OutDirLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (OutDirLock lock = OutDirLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the test closes our input
            }
        }
    }
}
