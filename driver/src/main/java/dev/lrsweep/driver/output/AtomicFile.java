package dev.lrsweep.driver.output;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Writes a file whole or not at all: into a temporary file beside it, then an atomic rename. */
public final class AtomicFile {

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    private static final String TEMPORARY = ".tmp";
    /** A temporary file of {@link #write}: a dot, the target's name, a random UUID, {@value #TEMPORARY}. */
    private static final Pattern LEFTOVER = Pattern.compile(
            "\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

    private AtomicFile() {
    }

    /** Deletes the temporary files that a write killed midway left in {@code dir}; no other file. */
    public static void deleteLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> LEFTOVER.matcher(f.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes {@code target} whole: a temporary file beside it, then an atomic rename over it. */
    public static void write(Path target, Content content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY);
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(writer);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
