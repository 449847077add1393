package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.TableDataConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;

/**
 * The data files of a table's path, listed on the driver as Spark lists them: a glob (Hadoop's {@code *},
 * {@code ?}, {@code [ab]}, {@code {a,b}}) or a name, a folder listed recursively without the names Spark
 * skips (starting with {@code _} or {@code .}, unless they hold {@code =} as a partition folder does).
 * Hadoop paths throughout, so that names holding a space, {@code %} or {@code #} stay as they are. Listed
 * before Spark reads the table, so that a path Spark would fail on is refused in one line naming it: no file
 * there, an empty folder, a file system whose connector is not on the class path or that does not answer,
 * a file that is not of the table's format.
 *
 * @param files every data file, sorted by path
 */
record TableFiles(List<FileStatus> files) {
    /** How long the listing waits for a file system's server (HDFS's NameNode) to accept a connection. */
    private static final int CONNECT_SECONDS = 5;
    /** How long the listing waits for the server's answer to one call. */
    private static final int CALL_SECONDS = 10;
    /**
     * Hadoop's defaults retry a connection 45 times for 20 s each and wait 2 minutes for an answer, so a
     * wrong host would hold the sweep for a quarter of an hour before its one line: the listing tries twice.
     */
    private static final Map<String, String> FAIL_FAST = Map.of(
            "ipc.client.connect.timeout", String.valueOf(CONNECT_SECONDS * 1000),
            "ipc.client.connect.max.retries", "1",
            "ipc.client.connect.max.retries.on.timeouts", "1",
            "ipc.client.rpc-timeout.ms", String.valueOf(CALL_SECONDS * 1000));
    /** The connector that brings a cloud store's file system to Hadoop, by URI scheme. */
    private static final Map<String, String> CONNECTORS = Map.of(
            "s3a", "the S3 connector hadoop-aws",
            "gs", "the Google Cloud Storage connector gcs-connector",
            "abfs", "the Azure connector hadoop-azure",
            "abfss", "the Azure connector hadoop-azure",
            "wasb", "the Azure connector hadoop-azure",
            "wasbs", "the Azure connector hadoop-azure");
    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_PARQUET_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ORC_MAGIC = "ORC".getBytes(StandardCharsets.US_ASCII);

    /**
     * Lists the table's data files and, for Parquet and ORC, checks that each carries its format's magic
     * bytes.
     *
     * @param path   the path as Spark reads it (a scheme, or an absolute local path)
     * @param format the table's format
     * @throws SweepInputException naming the path and what is wrong with it
     */
    static TableFiles list(String path, TableDataConfig.Format format, Configuration hadoop) {
        Path pattern;
        try {
            pattern = new Path(path);
        } catch (IllegalArgumentException e) {
            // Hadoop wraps java.net.URISyntaxException, whose class name its message repeats
            throw new SweepInputException("data.table.path: " + path + ": not a path Hadoop reads: "
                    + TableData.firstLine(e.getCause() == null ? e : e.getCause()));
        }
        Configuration failFast = new Configuration(hadoop);
        FAIL_FAST.forEach(failFast::set);
        // a file system of its own, closed after: Hadoop caches file systems by scheme and host, not by settings
        try (FileSystem fileSystem = open(pattern, path, failFast)) {
            FileStatus[] matches = fileSystem.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new SweepInputException("data.table.path: " + path + ": no such file or directory");
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (!skippedBySpark(match.getPath().getName())) {
                    addDataFiles(fileSystem, match, files);
                }
            }
            if (files.isEmpty()) {
                throw new SweepInputException("data.table.path: " + path + ": no data files there (an empty folder, "
                        + "or only names Spark skips, starting with _ or .)");
            }
            files.sort(Comparator.comparing(FileStatus::getPath));
            checkFormat(fileSystem, files, format, path);
            return new TableFiles(List.copyOf(files));
        } catch (IOException | IllegalArgumentException e) {
            // Hadoop throws IllegalArgumentException for a host it cannot resolve, among others
            throw new SweepInputException("data.table.path: " + path + ": cannot list it: " + unlisted(e, pattern));
        }
    }

    /**
     * Why the listing failed, in words: Hadoop's own messages for a network error name the exception's
     * class, the socket and a link to its wiki.
     */
    private static String unlisted(Exception e, Path pattern) {
        String server = pattern.toUri().getAuthority() == null ? "its file system" : pattern.toUri().getAuthority();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return server + " refused the connection (nothing listens there?)";
            }
            if (cause instanceof SocketTimeoutException) {
                return server + " did not answer (the listing waits " + CONNECT_SECONDS + " s to connect, "
                        + CALL_SECONDS + " s for an answer)";
            }
            if (cause instanceof UnknownHostException) {
                return "no host is known by the name in " + server;
            }
        }
        return TableData.firstLine(e).replaceFirst(";? *For more details see:.*", "");
    }

    /** The lines the fingerprint hashes: each file's URI, size and modification time. */
    List<String> listing() {
        return files.stream().map(file -> file.getPath().toUri() + "\t" + file.getLen() + "\t"
                + file.getModificationTime()).toList();
    }

    private static FileSystem open(Path pattern, String path, Configuration hadoop) throws IOException {
        String scheme = pattern.toUri().getScheme();
        try {
            return FileSystem.newInstance(pattern.toUri(), hadoop);
        } catch (IOException | RuntimeException e) {
            if (!isMissingClass(e)) {
                throw e;
            }
            String connector = CONNECTORS.getOrDefault(scheme, "a Hadoop FileSystem for " + scheme + "://");
            throw new SweepInputException("data.table.path: " + path + ": no file system for " + scheme + ":// on the "
                    + "class path; add " + connector + " (version " + VersionInfo.getVersion() + ", Spark's Hadoop) "
                    + "with its dependencies");
        }
    }

    /** Hadoop's words for a scheme it knows no class for, or whose class is missing. */
    private static boolean isMissingClass(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClassNotFoundException
                    || cause instanceof org.apache.hadoop.fs.UnsupportedFileSystemException) {
                return true;
            }
        }
        return false;
    }

    private static void addDataFiles(FileSystem fileSystem, FileStatus status, List<FileStatus> files)
            throws IOException {
        if (!status.isDirectory()) {
            files.add(status);
            return;
        }
        for (FileStatus child : fileSystem.listStatus(status.getPath())) {
            if (!skippedBySpark(child.getPath().getName())) {
                addDataFiles(fileSystem, child, files);
            }
        }
    }

    /** Spark's rule for the names a table's listing leaves out ({@code InMemoryFileIndex.shouldFilterOutPathName}). */
    private static boolean skippedBySpark(String name) {
        boolean hidden = (name.startsWith("_") && !name.contains("=")) || name.startsWith(".")
                || name.endsWith("._COPYING_");
        return hidden && !name.startsWith("_common_metadata") && !name.startsWith("_metadata");
    }

    /** Parquet files start and end with PAR1 (PARE if encrypted), ORC files start with ORC. */
    private static void checkFormat(FileSystem fileSystem, List<FileStatus> files, TableDataConfig.Format format,
                                    String path)
            throws IOException {
        List<String> wrong = new ArrayList<>();
        for (FileStatus file : files) {
            boolean right = switch (format) {
                case PARQUET -> endsWithEither(fileSystem, file, PARQUET_MAGIC, ENCRYPTED_PARQUET_MAGIC);
                case ORC -> startsWith(fileSystem, file, ORC_MAGIC);
                case JSON, CSV -> true;
            };
            if (!right) {
                wrong.add(file.getPath().toString());
            }
        }
        if (!wrong.isEmpty()) {
            String name = format == TableDataConfig.Format.ORC ? "an ORC file" : "a Parquet file";
            throw new SweepInputException("data.table.path: " + path + ": " + wrong.get(0) + " is not " + name
                    + (wrong.size() > 1 ? " (nor are " + (wrong.size() - 1) + " more of its " + files.size()
                    + " files)" : "") + "; set data.table.format to the files' format, or keep only " + format.label()
                    + " files there");
        }
    }

    private static boolean endsWithEither(FileSystem fileSystem, FileStatus file, byte[] magic, byte[] other)
            throws IOException {
        // the smallest Parquet file: the magic, a footer's length (4 bytes) and the magic again
        if (file.getLen() < 2L * magic.length + 4) {
            return false;
        }
        byte[] tail = read(fileSystem, file, file.getLen() - magic.length, magic.length);
        return Arrays.equals(tail, magic) || Arrays.equals(tail, other);
    }

    private static boolean startsWith(FileSystem fileSystem, FileStatus file, byte[] magic) throws IOException {
        return file.getLen() >= magic.length && Arrays.equals(read(fileSystem, file, 0, magic.length), magic);
    }

    private static byte[] read(FileSystem fileSystem, FileStatus file, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        try (FSDataInputStream in = fileSystem.open(file.getPath())) {
            in.readFully(position, bytes);
        }
        return bytes;
    }
}
