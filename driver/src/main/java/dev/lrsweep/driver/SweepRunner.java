package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.RegimeRules;
import dev.lrsweep.driver.analysis.StabilityTheory;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.DataConfig;
import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.data.CsvData;
import dev.lrsweep.driver.data.LoadedData;
import dev.lrsweep.driver.data.SyntheticData;
import dev.lrsweep.driver.output.Execution;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.output.Timings;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.GradientDescentSweep;
import dev.lrsweep.worker.LibraryVersions;
import dev.lrsweep.worker.StartPoint;
import dev.lrsweep.worker.Trajectory;
import dev.lrsweep.worker.TrialBatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs one sweep: checks the out dir, loads the data, expands the grid, fits it on Spark, and writes
 * the result files. Everything the user can get wrong is checked before Spark starts.
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
     * @param progress    where the progress line goes
     * @param interactive whether {@code progress} is a terminal (the line then redraws itself in place)
     * @throws SweepInputException for bad input, before Spark starts and before any file is written
     */
    public static SweepOutcome run(SweepConfig config, Path configDir, String master, Restart restart, long startNanos,
                                   PrintWriter progress, boolean interactive) throws IOException, InterruptedException {
        Path outDir = Path.of(config.output().dir());
        checkOutDir(outDir, restart);
        LoadedData data = load(config.data(), configDir);
        StartPoint start = startPoint(config, data);
        SweepGrid grid = SweepGrid.of(config.grid());
        List<TrialBatch> batches = grid.batches(start, config.fit().divergenceFactor());
        Theory theory = StabilityTheory.of(data.dataset());
        Map<String, Object> configTree = ConfigLoader.asTree(config);
        double loaded = seconds(startNanos);

        Map<Integer, List<Trajectory>> byBatch = new ConcurrentHashMap<>();
        Execution execution;
        double sparkStarted;
        double fitted;
        try (SweepJournal journal = restart == Restart.RESUME
                ? SweepJournal.resume(outDir, configTree, batches) : SweepJournal.start(outDir, configTree)) {
            byBatch.putAll(journal.finished());
            List<Integer> pending = IntStream.range(0, batches.size()).filter(i -> !byBatch.containsKey(i)).boxed().toList();
            int cellsDone = byBatch.keySet().stream().mapToInt(i -> cells(batches.get(i))).sum();
            SparkConf sparkConf = SparkSettings.of(config, master);
            // in local mode the tasks run in this JVM: pay ND4J's one-off start-up while Spark starts
            Thread warmUp = sparkConf.get("spark.master").startsWith("local") ? startWarmUp() : null;
            try (JavaSparkContext spark = new JavaSparkContext(sparkConf);
                 ProgressLine line = new ProgressLine(progress, interactive, config.name(), grid.cellCount(), cellsDone)) {
                spark.setJobDescription("learning-rate sweep " + config.name());
                if (warmUp != null) {
                    warmUp.join();
                }
                sparkStarted = seconds(startNanos);
                SparkSweep.fit(spark, data.dataset(), pending.stream().map(batches::get).toList(),
                        config.fit().mode() == FitConfig.Mode.NAIVE, FaultInjection.of(sparkConf), (task, trajectories) -> {
                            int batch = pending.get(task);
                            journal.record(batch, trajectories);
                            byBatch.put(batch, trajectories);
                            line.cellsDone(cells(batches.get(batch)));
                        });
                fitted = seconds(startNanos);
                execution = new Execution(spark.master(), spark.version(), spark.defaultParallelism(), batches.size(),
                        config.grid().ratesPerTask(), batches.size() - pending.size());
            }
            SweepRecord record = record(config, configTree, data, start, grid, theory, execution,
                    byBatch, new double[] {loaded, sparkStarted, fitted, 0}, startNanos);
            ResultFiles.write(outDir, record);
            ReportWriter.write(outDir, record);
            journal.finish(outDir);
            return new SweepOutcome(outDir, record, record.rows().stream().anyMatch(r -> "failed".equals(r.status())));
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

    private static void checkOutDir(Path outDir, Restart restart) {
        ResultFiles.checkWritable(outDir, restart != Restart.FRESH);
        if (restart == Restart.FRESH && Files.exists(SweepJournal.file(outDir))) {
            throw new SweepInputException("output.dir: " + outDir + " holds an unfinished sweep (" + SweepJournal.FILE
                    + "): use --resume to finish it, or --overwrite to start over");
        }
    }

    private static Thread startWarmUp() {
        Thread warmUp = new Thread(GradientDescentSweep::warmUp, "nd4j-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        return warmUp;
    }

    private static int cells(TrialBatch batch) {
        return batch.learningRates().length * batch.stepCounts().length;
    }

    private static SweepRecord record(SweepConfig config, Map<String, Object> configTree, LoadedData data,
                                      StartPoint start, SweepGrid grid, Theory theory, Execution execution,
                                      Map<Integer, List<Trajectory>> byBatch, double[] phases, long startNanos) {
        List<Trajectory> trajectories = new TreeMap<>(byBatch).values().stream().flatMap(List::stream).toList();
        RegimeConfig regimes = config.regimes();
        SweepResults results = SweepResults.of(grid, trajectories,
                new RegimeRules(regimes.convergedTolerance(), regimes.oscillationWindow(), regimes.oscillationShare()),
                theory.optimalLoss());
        Map<String, Long> seeds = new LinkedHashMap<>();
        if (config.data().synthetic() != null) {
            seeds.put("data", config.data().synthetic().seed());
        }
        Map<String, String> versions = new LinkedHashMap<>(LibraryVersions.worker());
        versions.put("spark", execution.sparkVersion());
        versions.put("java", System.getProperty("java.version"));
        Map<String, Object> startRecord = new LinkedHashMap<>();
        startRecord.put("weights", start.weights());
        startRecord.put("bias", start.bias());
        Timings timings = new Timings(phases[0], phases[1] - phases[0], phases[2] - phases[1], seconds(startNanos));
        return new SweepRecord(config.name(), configTree, data.summary(), points(data.dataset()), startRecord, seeds,
                versions, execution, timings, theory, SweepAnalysis.boundary(results.rows(), grid.learningRates(), theory),
                SweepAnalysis.suggestions(results.rows(), theory), results.rows(), results.curves());
    }

    private static LoadedData load(DataConfig data, Path configDir) {
        return data.synthetic() != null ? SyntheticData.generate(data.synthetic()) : CsvData.read(data.csv(), configDir);
    }

    private static StartPoint startPoint(SweepConfig config, LoadedData data) {
        int features = data.dataset().features();
        double[] weights = config.init().weights() == null ? new double[features] : config.init().weights();
        if (weights.length != features) {
            throw new SweepInputException("init.weights: " + weights.length + " values, but the data has "
                    + features + " feature" + (features == 1 ? "" : "s"));
        }
        return new StartPoint(weights, config.init().bias());
    }

    /** Up to {@link Points#LIMIT} points of one-feature data at an even stride; null for more features. */
    private static Points points(Dataset data) {
        if (data.features() != 1) {
            return null;
        }
        int stride = (data.rows() + Points.LIMIT - 1) / Points.LIMIT;
        int count = (data.rows() + stride - 1) / stride;
        double[] x = new double[count];
        double[] y = new double[count];
        double[] labels = data.y();
        for (int k = 0; k < count; k++) {
            x[k] = data.feature(k * stride, 0);
            y[k] = labels[k * stride];
        }
        return new Points(x, y);
    }

    private static double seconds(long sinceNanos) {
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
