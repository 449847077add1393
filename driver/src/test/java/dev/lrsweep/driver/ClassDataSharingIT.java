package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/sweep starts its JVM on a class-data-sharing archive of the classes a sweep loads, made on first use after
 * a build (by the default sweep, into a scratch folder) and mapped by every run after it.
 */
class ClassDataSharingIT {
    private static final Path HOME = Path.of(System.getProperty("lrsweep.home"));

    private static String binSweep(String javaOptions, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = HOME.resolve("bin/sweep").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the jar under test is the one this build made: bin/sweep must not build again
        builder.environment().put("SWEEP_BUILD", "never");
        builder.environment().put("SWEEP_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theArchiveIsMadeOnceAndEveryLaterRunMapsIt() throws IOException, InterruptedException {
        binSweep("", "--version");
        Path archive = HOME.resolve("driver/target/lrsweep.jsa");
        assertThat(archive).isNotEmptyFile();
        long made = Files.getLastModifiedTime(archive).toMillis();

        String second = binSweep("-Xlog:cds=info", "--version");

        assertThat(second).contains("Opened archive " + archive).contains("lrsweep 0.1.0")
                .doesNotContain("making the class-data-sharing archive");
        assertThat(Files.getLastModifiedTime(archive).toMillis()).isEqualTo(made);
    }
}
