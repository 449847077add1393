package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.output.AtomicFile;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.driver.safety.OutDirLock;
import dev.lrsweep.driver.safety.SweepJournal;
import dev.lrsweep.driver.spark.SparkSettings;
import dev.lrsweep.driver.spark.SparkStarter;
import dev.lrsweep.worker.descent.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;

/**
 * Runs one sweep, stage by stage: {@link SweepData} reads and checks the data and plans the fit;
 * {@link PreparedSweep} places the rows on Spark where the plan needs them, computes the theory and cuts the
 * grid into batches; {@link SparkFit} fits them, keeping each in the journal; {@link SweepRecords} analyses the
 * cells into the record; then the result files and the report are written. Everything the user can get wrong is
 * checked before Spark starts (a table Spark reads excepted) and before any file is written.
 */
public final class SweepRunner {

    private SweepRunner() {
    }

    /**
     * Runs the sweep.
     *
     * @param config      the checked config
     * @param configDir   where relative data paths are resolved
     * @param master      the Spark master given on the command line, overriding every other, or null
     * @param restart     what to do with results or a journal already in the out dir
     * @param startNanos  {@link System#nanoTime()} when the command started, for the total time
     * @param progress    where the progress line and notices go
     * @param interactive whether {@code progress} is a terminal (the line then redraws itself in place)
     * @throws SweepInputException   for bad input, found before any file is written
     * @throws SweepStoppedException for an error once fitting started; finished batches stay in the journal
     */
    public static SweepOutcome run(SweepConfig config, Path configDir, String master, Restart restart, long startNanos,
                                   PrintWriter progress, boolean interactive) throws IOException, InterruptedException {
        Path outDir = config.outputDir();
        // before the data are read (a table's pass can be long), and again under the out dir's lock
        checkOutDir(outDir, restart);
        try (SparkStarter spark = new SparkStarter(SparkSettings.of(config, master))) {
            PreparedSweep sweep = PreparedSweep.prepare(config, configDir, spark, startNanos, progress);
            try (OutDirLock lock = OutDirLock.acquire(outDir)) {
                checkOutDir(outDir, restart);
                SweepJournal resumed = restart == Restart.RESUME
                        ? SweepJournal.resume(outDir, sweep.header(), sweep.batches()) : null;
                if (restart == Restart.RESUME && resumed == null) {
                    progress.println("sweep: nothing to resume in " + outDir + " (no journal of finished batches): "
                            + "starting the sweep from the beginning");
                }
                SparkFit.Fitted fitted = SparkFit.fit(sweep, spark, resumed, outDir, startNanos, progress, interactive);
                SweepRecord record = SweepRecords.of(sweep, fitted, startNanos);
                try {
                    ResultFiles.write(outDir, record);
                    ReportWriter.write(outDir, record);
                    AtomicFile.deleteLeftovers(outDir);
                    fitted.journal().delete(outDir);
                } catch (IOException | RuntimeException failure) {
                    fitted.journal().close();
                    throw new SweepStoppedException(failure, fitted.journal().batchesKept());
                }
                return new SweepOutcome(outDir, record,
                        record.rows().stream().anyMatch(r -> r.status() == TrialStatus.FAILED));
            }
        }
    }

    /**
     * Runs the sweep on a Spark application's running context and returns its record, writing no file: the Java
     * API's sweep. Its journal of finished batches lives in a scratch folder for the run only; the rows it caches
     * on the executors are released at the end; the context keeps running.
     *
     * @param spark     the application's context, {@link SparkStarter#borrowing borrowed}
     * @param configDir where relative data paths are resolved
     * @throws SweepInputException for bad input, found before fitting
     */
    public static SweepRecord record(SweepConfig config, Path configDir, SparkStarter spark, PrintWriter progress)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path scratch = Files.createTempDirectory("lrsweep-");
        PreparedSweep sweep = PreparedSweep.prepare(config, configDir, spark, start, progress);
        try {
            SparkFit.Fitted fitted = SparkFit.fit(sweep, spark, null, scratch, start, progress, false);
            SweepRecord record = SweepRecords.of(sweep, fitted, start);
            fitted.journal().delete(scratch);
            return record;
        } finally {
            for (JavaRDD<?> cached : Arrays.asList(sweep.slices(), sweep.heldSlices())) {
                if (cached != null) {
                    cached.unpersist(false);
                }
            }
            try (Stream<Path> left = Files.walk(scratch)) {
                for (Path file : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Writes a sweep's record as {@link #run} does: the result files and the report, into {@code outDir}. */
    public static void write(SweepRecord record, Path outDir, boolean overwrite) throws IOException {
        ResultFiles.checkWritable(outDir, overwrite);
        try (OutDirLock lock = OutDirLock.acquire(outDir)) {
            ResultFiles.checkWritable(outDir, overwrite);
            ResultFiles.write(outDir, record);
            ReportWriter.write(outDir, record);
        }
    }

    /**
     * Runs the range test of every optimizer and batch size of the config's grid ({@code bin/sweep find}) and
     * writes {@code range-test.json}, {@code range-test.csv}, {@code range-test.html} and its chart to the out dir.
     *
     * @throws SweepInputException for bad input, found before any file is written
     */
    public static RangeTestRecord find(SweepConfig config, Path configDir, String master, boolean overwrite,
                                       long startNanos, PrintWriter progress) throws IOException {
        Path outDir = config.outputDir();
        ResultFiles.checkWritable(outDir, true);
        if (!overwrite && Files.exists(outDir.resolve(ResultFiles.RANGE_TEST_JSON))) {
            throw new SweepInputException("output.dir: " + outDir + " already holds a range test ("
                    + ResultFiles.RANGE_TEST_JSON + "; use --overwrite to replace it)");
        }
        try (SparkStarter spark = new SparkStarter(SparkSettings.of(config, master))) {
            PreparedSweep sweep = PreparedSweep.prepare(config, configDir, spark, startNanos, progress);
            RangeTestRun run = sweep.rangeTest() != null ? sweep.rangeTest()
                    : new RangeTestRun(PreparedSweep.rangeTests(spark.get(), config, sweep.grid(), sweep.model(), sweep.start(),
                            sweep.fitData(), sweep.plan().mode() == FitConfig.Parallelism.DATA, sweep.theory(), progress),
                            null, null);
            RangeTestRecord record = new RangeTestRecord(config.name(), sweep.configTree(), sweep.data().summary(),
                    sweep.model(), run, seconds(startNanos));
            try (OutDirLock lock = OutDirLock.acquire(outDir)) {
                ResultFiles.writeRangeTest(outDir, record);
                ReportWriter.writeRangeTest(outDir, record);
            }
            return record;
        }
    }

    /** How a run treats what an out dir already holds. */
    public enum Restart {
        /** Refuse an out dir that holds results or an unfinished sweep's journal. */
        FRESH,
        /** Replace whatever the out dir holds. */
        OVERWRITE,
        /** Finish the unfinished sweep whose journal the out dir holds. */
        RESUME
    }

    private static void checkOutDir(Path outDir, Restart restart) throws IOException {
        ResultFiles.checkWritable(outDir, restart != Restart.FRESH);
        boolean journal = Files.exists(SweepJournal.file(outDir));
        // a journal without a finished batch holds nothing to lose: a fresh run replaces it
        if (restart == Restart.FRESH && journal && SweepJournal.holdsFinishedBatches(outDir)) {
            throw new SweepInputException("output.dir: " + outDir + " holds an unfinished sweep (" + SweepJournal.FILE
                    + "): use --resume to finish it, or --overwrite to start over");
        }
        if (restart == Restart.RESUME && !journal && ResultFiles.holdsResults(outDir)) {
            throw new SweepInputException("--resume: " + outDir + " holds a finished sweep's results and nothing to "
                    + "resume (use --overwrite to run it again)");
        }
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /**
     * A finished sweep.
     *
     * @param outDir    where its files are
     * @param record    what they hold
     * @param anyFailed whether any cell failed
     */
    public record SweepOutcome(Path outDir, SweepRecord record, boolean anyFailed) {
    }
}
