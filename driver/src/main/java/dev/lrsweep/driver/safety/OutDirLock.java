package dev.lrsweep.driver.safety;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.output.FileErrors;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
public final class OutDirLock implements AutoCloseable {
    public static final String FILE = ".lrsweep.lock";

    /** The lock files this JVM holds. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileChannel atPath;
    private final FileLock lock;
    private final boolean createdDir;

    private OutDirLock(Path dir, FileChannel channel, FileChannel atPath, FileLock lock, boolean createdDir) {
        this.dir = dir;
        this.channel = channel;
        this.atPath = atPath;
        this.lock = lock;
        this.createdDir = createdDir;
    }

    /**
     * Creates the out dir if needed and takes the lock.
     *
     * @throws SweepInputException if the out dir cannot be created or written, or another sweep holds it
     */
    public static OutDirLock acquire(Path dir) {
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new SweepInputException("output.dir: " + dir + ": cannot create the out dir (" + FileErrors.reason(e) + ")");
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
            throw new SweepInputException("output.dir: " + dir + ": cannot write to the out dir (" + FileErrors.reason(e) + ")");
        } catch (SweepInputException e) {
            removeIfEmpty(dir, created);
            throw e;
        }
    }

    private static OutDirLock tryAcquire(Path dir, boolean created) throws IOException {
        Path file = dir.resolve(FILE);
        // a second channel on the file in this JVM must not even be opened: closing it would drop the holder's lock
        if (!HELD_HERE.add(file.toAbsolutePath().normalize())) {
            throw new SweepInputException("output.dir: " + dir + " is in use by another sweep (" + describeThisProcess()
                    + ", this process)");
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file.toAbsolutePath().normalize());
            throw e;
        }
        if (lock == null) {
            HELD_HERE.remove(file.toAbsolutePath().normalize());
            String holder = holder(channel);
            channel.close();
            throw new SweepInputException("output.dir: " + dir + " is in use by another sweep (" + holder + ")");
        }
        String holder = describeThisProcess() + " [" + UUID.randomUUID() + "]";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        // read back through a second channel on the path, kept open as long as the lock: POSIX drops a
        // process's locks on a file when it closes any descriptor of it, so it must not be closed before
        FileChannel atPath;
        try {
            atPath = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            atPath = null;
        }
        if (atPath == null || !holder.equals(read(atPath))) {
            // the file was deleted by the sweep that held it before: this lock guards nothing
            HELD_HERE.remove(file.toAbsolutePath().normalize());
            lock.release();
            channel.close();
            if (atPath != null) {
                atPath.close();
            }
            return null;
        }
        return new OutDirLock(dir, channel, atPath, lock, created);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String holder(FileChannel channel) throws IOException {
        String text = read(channel).replaceFirst("\\s*\\[[^]]*]$", "").trim();
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

    /** Deletes the lock file, then releases the lock; removes the out dir if this lock made it and it is empty. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            lock.release();
        } finally {
            channel.close();
            atPath.close();
            HELD_HERE.remove(dir.resolve(FILE).toAbsolutePath().normalize());
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
