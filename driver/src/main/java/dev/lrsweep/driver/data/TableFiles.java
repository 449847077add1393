package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The data files of a table's path, listed on the driver as Spark lists them: a glob (Hadoop's {@code *},
 * {@code ?}, {@code [ab]}, {@code {a,b}}) or a name, a folder listed recursively without the names Spark
 * skips (starting with {@code _} or {@code .}, unless they hold {@code =} as a partition folder does).
 * Hadoop paths throughout, so that names holding a space, {@code %} or {@code #} stay as they are.
 *
 * @param files every data file, sorted by path
 */
record TableFiles(List<FileStatus> files) {

    /**
     * Lists the table's data files.
     *
     * @param path the path as Spark reads it (a scheme, or an absolute local path)
     * @throws SweepInputException naming the path and what is wrong with it
     */
    static TableFiles list(String path, Configuration hadoop) {
        Path pattern = new Path(path);
        try {
            FileSystem fileSystem = pattern.getFileSystem(hadoop);
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
            files.sort(Comparator.comparing(FileStatus::getPath));
            return new TableFiles(List.copyOf(files));
        } catch (IOException e) {
            throw new SweepInputException("data.table.path: " + path + ": cannot list it: " + TableData.firstLine(e));
        }
    }

    /** The lines the fingerprint hashes: each file's URI (as Spark names it), size and modification time. */
    List<String> listing() {
        return files.stream().map(file -> file.getPath().toUri() + "\t" + file.getLen() + "\t"
                + file.getModificationTime()).toList();
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
}
