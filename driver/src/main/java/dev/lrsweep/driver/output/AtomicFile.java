package dev.lrsweep.driver.output;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import dev.lrsweep.driver.config.SweepInputException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Writes files whole or not at all: into temporary files beside them, then atomic renames. */
public final class AtomicFile {

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the text of one file. */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer writer) throws IOException;
    }

    /**
     * The content {@code text} writes, in UTF-8. The writer may be closed by what writes to it (a CSV printer, a
     * JSON mapper do): that flushes it and leaves the file open for {@link #writeAll} to close.
     */
    public static Content text(Text text) {
        return out -> {
            OutputStream kept = new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            Writer writer = new BufferedWriter(new OutputStreamWriter(kept, StandardCharsets.UTF_8));
            text.writeTo(writer);
            writer.close();
        };
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
        writeAll(Map.of(target, content));
    }

    /**
     * Writes every file whole, or none: each into a temporary file beside it, and only once all are written
     * and no target is a directory, each renamed over its target. A write that fails leaves every target as
     * it was.
     *
     * @throws SweepInputException if a target is a directory (a rename cannot replace it)
     */
    public static void writeAll(Map<Path, Content> files) throws IOException {
        Map<Path, Path> temporaries = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, Content> file : files.entrySet()) {
                Path target = file.getKey();
                Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY);
                temporaries.put(target, temp);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                    file.getValue().writeTo(out);
                }
            }
            for (Path target : temporaries.keySet()) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SweepInputException(target + ": is a directory, where a file is to be written "
                            + "(move it away)");
                }
            }
            for (Map.Entry<Path, Path> file : temporaries.entrySet()) {
                Files.move(file.getValue(), file.getKey(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            for (Path temp : temporaries.values()) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
