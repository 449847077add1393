package dev.lrsweep.driver;

import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A sweep's exclusive hold on its out dir for its whole run: an OS file lock on {@value #FILE} in
 * the out dir, which names its holder (process, host, start time). A second sweep into the same out
 * dir is refused at once, naming the holder. The lock dies with its process, so a killed sweep never
 * blocks the next one. The file is deleted when the sweep ends, and so is an out dir that this lock
 * created and that is still empty (a sweep refused for bad input leaves nothing behind). A sweep that
 * locked a file that its holder deleted meanwhile sees that the file at the path is not the one it
 * locked (its holder text is not there) and tries again.
 */
final class OutDirLock implements AutoCloseable {
    static final String FILE = ".lrsweep.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean createdDir;

    private OutDirLock(Path dir, FileChannel channel, FileLock lock, boolean createdDir) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.createdDir = createdDir;
    }

    /**
     * Creates the out dir if needed and takes the lock.
     *
     * @throws SweepInputException if the out dir cannot be created or written, or another sweep holds it
     */
    static OutDirLock acquire(Path dir) {
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new SweepInputException("output.dir: " + dir + ": cannot create the out dir (" + reason(e) + ")");
        }
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                OutDirLock held = tryAcquire(dir, created);
                if (held != null) {
                    return held;
                }
            }
            throw new SweepInputException("output.dir: " + dir + " is in use by other sweeps starting and ending");
        } catch (IOException e) {
            removeIfEmpty(dir, created);
            throw new SweepInputException("output.dir: " + dir + ": cannot write to the out dir (" + reason(e) + ")");
        } catch (SweepInputException e) {
            removeIfEmpty(dir, created);
            throw e;
        }
    }

    private static OutDirLock tryAcquire(Path dir, boolean created) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new SweepInputException("output.dir: " + dir + " is in use by another sweep (" + holder + ")");
        }
        String holder = describeThisProcess() + " [" + UUID.randomUUID() + "]";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        if (!holder.equals(readHolder(file))) {
            // the file was deleted by the sweep that held it before: this lock guards nothing
            lock.release();
            channel.close();
            return null;
        }
        return new OutDirLock(dir, channel, lock, created);
    }

    private static String readHolder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return null;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                .replaceFirst("\\s*\\[[^]]*]$", "").trim();
        return text.isEmpty() ? "a sweep that is just starting" : text;
    }

    private static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this machine";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", started "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "a folder on its path cannot be made there";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Deletes the lock file, then releases the lock; removes the out dir if this lock made it and it is empty. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            lock.release();
        } finally {
            channel.close();
        }
        removeIfEmpty(dir, createdDir);
    }

    private static void removeIfEmpty(Path dir, boolean created) {
        if (!created) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // the out dir stays; it holds nothing of this sweep's
        }
    }
}
