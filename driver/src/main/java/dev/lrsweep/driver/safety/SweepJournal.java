package dev.lrsweep.driver.safety;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lrsweep.driver.config.JacksonErrors;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.output.FileErrors;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The record of an unfinished sweep, {@code journal.jsonl} in its out dir: a first line with the
 * sweep's config, what its data were and what its fits started from (each a source and a SHA-256), and
 * the versions of the libraries that computed it, then one line per finished batch with
 * its trajectories, appended and forced to disk as each batch arrives. A sweep whose driver died is
 * finished with {@code --resume}: batches in the journal are kept, only the others are computed, in
 * the same batches as before, so the numbers are those of an uninterrupted run. A resume with another
 * config, other data, another start or other library versions is refused, naming what changed. A last line cut short (the kill landed
 * mid-write) is dropped and its batch computed again. The journal is deleted once the result files
 * are written, and when a sweep stops before any batch finished.
 */
public final class SweepJournal implements AutoCloseable {
    public static final String FILE = "journal.jsonl";
    /** Config keys that may change between a run and its resume: where it runs and writes. */
    private static final List<String> MAY_DIFFER = List.of("spark", "output");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final Path file;
    private final FileChannel channel;
    private final Map<Integer, List<Trajectory>> finished;
    private int recorded;

    private SweepJournal(Path file, FileChannel channel, Map<Integer, List<Trajectory>> finished) {
        this.file = file;
        this.channel = channel;
        this.finished = finished;
    }

    /**
     * The first line.
     *
     * @param config     the full config
     * @param dataSource where the data came from, as the dataset summary says
     * @param dataSha256 the SHA-256 of the data (the CSV file's, or of the generated values)
     * @param startSource  where the start came from: the init file's path, the seed, or the config's values
     * @param startSha256  the SHA-256 of the start's values, so that a changed init file (or a seeded draw
     *                     that would now come out otherwise) is told apart
     * @param versions     the versions of lrsweep and the numerical libraries
     */
    public record Header(Map<String, Object> config, String dataSource, String dataSha256, String startSource,
                  String startSha256, Map<String, String> versions) {
    }

    /** A finished batch. */
    record Entry(int batch, List<Trajectory> trajectories) {
    }

    public static Path file(Path outDir) {
        return outDir.resolve(FILE);
    }

    /**
     * Starts a new journal in the existing {@code outDir}, replacing any old one. A journal whose first line cannot
     * be written is deleted: the sweep that stops then (a signal interrupts the write, the disk is full) holds no
     * journal to close or delete, and must leave none behind.
     */
    public static SweepJournal start(Path outDir, Header header) throws IOException {
        Path file = file(outDir);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        SweepJournal journal = new SweepJournal(file, channel, new TreeMap<>());
        try {
            journal.append(header);
        } catch (IOException | RuntimeException e) {
            journal.delete(outDir);
            throw e;
        }
        return journal;
    }

    /**
     * Opens the journal of an interrupted sweep to go on with it.
     *
     * @return the journal, or null if there is nothing to resume: no journal, or none of its header
     *         reached the disk (the driver died before it could record anything)
     * @throws SweepInputException if it was written by another config or for other data, or it is
     *                             damaged anywhere but at its very end
     */
    public static SweepJournal resume(Path outDir, Header now, List<TrialBatch> batches) throws IOException {
        Path file = file(outDir);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n", -1)));
        // the text after the last newline is a line cut short by a kill, or empty
        long complete = bytes.length - lines.remove(lines.size() - 1).getBytes(StandardCharsets.UTF_8).length;
        if (lines.isEmpty()) {
            return null;
        }
        Header header = read(lines.get(0), Header.class, file, 1);
        String differences = differences(header.config(), now.config());
        if (!differences.isEmpty()) {
            throw new SweepInputException("--resume: " + file + " was written by another config; it differs in "
                    + differences);
        }
        if (!Objects.equals(header.dataSha256(), now.dataSha256())) {
            throw new SweepInputException("--resume: " + file + " was written for other data: " + header.dataSource()
                    + " had SHA-256 " + abbreviated(header.dataSha256()) + ", now " + now.dataSource() + " has "
                    + abbreviated(now.dataSha256()) + " (use --overwrite to start over on these data)");
        }
        if (!Objects.equals(header.startSha256(), now.startSha256())) {
            throw new SweepInputException("--resume: " + file + " was written from another start: "
                    + header.startSource() + " had SHA-256 " + abbreviated(header.startSha256()) + ", now "
                    + now.startSource() + " has " + abbreviated(now.startSha256())
                    + " (use --overwrite to start over from this start)");
        }
        if (!Objects.equals(header.versions(), now.versions())) {
            throw new SweepInputException("--resume: " + file + " was written by other library versions ("
                    + header.versions() + ", now " + now.versions() + "); use --overwrite to start over");
        }
        Map<Integer, List<Trajectory>> finished = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            Entry entry = read(lines.get(i), Entry.class, file, i + 1);
            check(entry, batches, file, i + 1);
            finished.put(entry.batch(), entry.trajectories());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.truncate(complete);
        channel.position(complete);
        return new SweepJournal(file, channel, finished);
    }

    /** Whether the out dir's journal holds a finished batch: a complete line after its header. */
    public static boolean holdsFinishedBatches(Path outDir) throws IOException {
        int completeLines = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file(outDir)))) {
            for (int b = in.read(); b >= 0 && completeLines < 2; b = in.read()) {
                completeLines += b == '\n' ? 1 : 0;
            }
        }
        return completeLines >= 2;
    }

    /** The batches already finished, by index, with their trajectories. */
    public Map<Integer, List<Trajectory>> finished() {
        return finished;
    }

    /** How many finished batches the journal holds: those it was opened with and those recorded since. */
    public synchronized int batchesKept() {
        return finished.size() + recorded;
    }

    private static String abbreviated(String sha256) {
        return sha256 == null ? "none recorded" : sha256.substring(0, Math.min(16, sha256.length())) + "…";
    }

    /**
     * Appends a finished batch and forces it to disk.
     *
     * @throws UncheckedIOException if it cannot, saying which file and why (the disk is full, permission denied)
     */
    public synchronized void record(int batch, List<Trajectory> trajectories) {
        try {
            append(new Entry(batch, trajectories));
            recorded++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + FileErrors.reason(e), e);
        }
    }

    private void append(Object line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes and deletes the journal: the sweep's files are complete, or it holds no finished batch. */
    public void delete(Path outDir) throws IOException {
        close();
        Files.deleteIfExists(file(outDir));
    }

    private static <T> T read(String line, Class<T> type, Path file, int lineNumber) {
        try {
            return JSON.readValue(line, type);
        } catch (JacksonException e) {
            throw new SweepInputException("--resume: " + file + " line " + lineNumber + " is damaged: "
                    + JacksonErrors.describe(e, "JSON"));
        }
    }

    private static void check(Entry entry, List<TrialBatch> batches, Path file, int lineNumber) {
        double[] rates = entry.trajectories().stream().mapToDouble(Trajectory::learningRate).toArray();
        if (entry.batch() < 0 || entry.batch() >= batches.size()
                || !Arrays.equals(rates, batches.get(entry.batch()).learningRates())) {
            throw new SweepInputException("--resume: " + file + " line " + lineNumber + " holds batch "
                    + entry.batch() + ", which this config does not have");
        }
    }

    /** The keys whose values differ, e.g. {@code grid.steps (journal [10, 50], now [10, 100])}; empty if none. */
    static String differences(Map<String, Object> journal, Map<String, Object> now) {
        Map<String, String> before = flatten("", journal);
        Map<String, String> after = flatten("", now);
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (MAY_DIFFER.stream().noneMatch(prefix -> key.equals(prefix) || key.startsWith(prefix + "."))
                    && !Objects.equals(before.get(key), after.get(key))) {
                differing.add(key + " (journal " + before.get(key) + ", now " + after.get(key) + ")");
            }
        }
        return String.join(", ", differing);
    }

    private static Map<String, String> flatten(String prefix, Object value) {
        Map<String, String> flat = new TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flat.putAll(flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, inner)));
        } else {
            flat.put(prefix, value instanceof List<?> list ? list.toString() : String.valueOf(value));
        }
        return flat;
    }
}
