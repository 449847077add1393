package dev.lrsweep.driver;

import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.FamilyTheory;
import dev.lrsweep.driver.analysis.OptimizerTheory;
import dev.lrsweep.driver.analysis.QuadraticDescent;
import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.analysis.RowPasses;
import dev.lrsweep.driver.analysis.RegimeRules;
import dev.lrsweep.driver.analysis.SensitivityTwins;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.DataConfig;
import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.LearningRateRange;
import dev.lrsweep.driver.config.RangeTestConfig;
import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.data.CsvData;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.data.LoadedData;
import dev.lrsweep.driver.data.Sha256;
import dev.lrsweep.driver.data.Standardization;
import dev.lrsweep.driver.data.SyntheticData;
import dev.lrsweep.driver.data.TableData;
import dev.lrsweep.driver.data.ValidationSplit;
import dev.lrsweep.driver.output.AtomicFile;
import dev.lrsweep.driver.output.ClassPoints;
import dev.lrsweep.driver.output.Execution;
import dev.lrsweep.driver.output.HeldOut;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.RangeTestRecord;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.output.Timings;
import dev.lrsweep.driver.report.ReportWriter;
import dev.lrsweep.driver.spark.DataParallelFit;
import dev.lrsweep.driver.spark.FaultInjection;
import dev.lrsweep.driver.spark.SlicedTheory;
import dev.lrsweep.driver.spark.Slices;
import dev.lrsweep.driver.spark.SparkFanOut;
import dev.lrsweep.driver.spark.SparkMemory;
import dev.lrsweep.driver.spark.SparkSettings;
import dev.lrsweep.driver.spark.TaskProgress;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.LibraryVersions;
import dev.lrsweep.worker.ModelSpec;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Optimizer;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.RangeTest;
import dev.lrsweep.worker.Trajectory;
import dev.lrsweep.worker.TrialBatch;
import dev.lrsweep.worker.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

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
     * @param progress    where the progress line and notices go
     * @param interactive whether {@code progress} is a terminal (the line then redraws itself in place)
     * @throws SweepInputException   for bad input, found before any file is written
     * @throws SweepStoppedException for an error once fitting started; finished batches stay in the journal
     */
    public static SweepOutcome run(SweepConfig config, Path configDir, String master, Restart restart, long startNanos,
                                   PrintWriter progress, boolean interactive) throws IOException, InterruptedException {
        Path outDir = Path.of(config.output().dir());
        // before the data are read (a table's pass can be long), and again under the out dir's lock
        checkOutDir(outDir, restart);
        try (SparkStarter spark = new SparkStarter(SparkSettings.of(config, master))) {
            Prepared sweep = prepare(config, configDir, spark, startNanos, progress);
            try (OutDirLock lock = OutDirLock.acquire(outDir)) {
                checkOutDir(outDir, restart);
                SweepJournal resumed = restart == Restart.RESUME
                        ? SweepJournal.resume(outDir, sweep.header(), sweep.batches()) : null;
                if (restart == Restart.RESUME && resumed == null) {
                    progress.println("sweep: nothing to resume in " + outDir + " (no journal of finished batches): "
                            + "starting the sweep from the beginning");
                }
                Fitted fitted = fit(sweep, spark, resumed, outDir, startNanos, progress, interactive);
                SweepRecord record = record(sweep, fitted, startNanos);
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
     * Runs the range test of every optimizer and batch size of the config's grid ({@code bin/sweep find}) and
     * writes {@code range-test.json}, {@code range-test.csv}, {@code range-test.html} and its chart to the out dir.
     *
     * @throws SweepInputException for bad input, found before any file is written
     */
    public static RangeTestRecord find(SweepConfig config, Path configDir, String master, boolean overwrite,
                                       long startNanos, PrintWriter progress) throws IOException {
        Path outDir = Path.of(config.output().dir());
        ResultFiles.checkWritable(outDir, true);
        if (!overwrite && Files.exists(outDir.resolve(ResultFiles.RANGE_TEST_JSON))) {
            throw new SweepInputException("output.dir: " + outDir + " already holds a range test ("
                    + ResultFiles.RANGE_TEST_JSON + "; use --overwrite to replace it)");
        }
        try (SparkStarter spark = new SparkStarter(SparkSettings.of(config, master))) {
            Prepared sweep = prepare(config, configDir, spark, startNanos, progress);
            RangeTestRun run = sweep.rangeTest() != null ? sweep.rangeTest()
                    : new RangeTestRun(rangeTests(spark.get(), config, sweep.grid(), sweep.model(), sweep.start(),
                            sweep.fitData(), sweep.plan().mode() == FitConfig.Parallelism.DATA, sweep.theory(), progress),
                            null, null);
            RangeTestRecord record = new RangeTestRecord(config.name(), sweep.configTree(), sweep.data().summary(),
                    config.model(), run, seconds(startNanos));
            try (OutDirLock lock = OutDirLock.acquire(outDir)) {
                ResultFiles.writeRangeTest(outDir, record);
                ReportWriter.writeRangeTest(outDir, record);
            }
            return record;
        }
    }

    /**
     * A sweep checked and ready to fit: everything that does not need Spark, done before Spark starts
     * (a table Spark reads excepted).
     *
     * @param configTree    the config as written to the journal and results.json
     * @param data          the training rows where the driver holds them (else null), and their description
     * @param fitData       what each grid task fits on: the rows, or for a linear model their moments
     * @param validation    what each grid task measures the cells on: the held-out rows or their moments;
     *                      null without {@code data.validation}
     * @param slices        in data parallelism, the training rows as cached slices on the executors; else null
     * @param heldSlices    in data parallelism, the held-out rows likewise; else null
     * @param heldOut       the held-out rows' description, or null
     * @param plan          the parallelism and why
     * @param points        rows for the report's pictures of the data: all of them, a first slice of a table's,
     *                      or null where the report draws no data
     * @param start         the point every fit starts from
     * @param batches       the grid's batches, one Spark task each (one batch in data parallelism)
     * @param rangeTest     for {@code grid.learning_rates: auto}, the range tests that laid the rates; else null
     * @param header        the journal's first line
     * @param loadedSeconds seconds from the command's start until now
     */
    private record Prepared(SweepConfig config, Map<String, Object> configTree, LoadedData data, FitData fitData,
                            FitData validation, JavaRDD<Dataset> slices, JavaRDD<Dataset> heldSlices, HeldOut heldOut,
                            FitPlan plan, Dataset points, Standardization standardization, Conditioning conditioning,
                            ModelSpec model, Parameters start, SweepGrid grid, List<TrialBatch> batches, Theory theory,
                            QuadraticDescent descent, RangeTestRun rangeTest, SweepJournal.Header header,
                            double loadedSeconds) {
    }

    /** Checks the master, loads the data, expands the grid and computes the theory. */
    private static Prepared prepare(SweepConfig config, Path configDir, SparkStarter spark, long startNanos,
                                    PrintWriter progress) {
        SweepGrid grid = SweepGrid.of(config.grid());
        ModelSpec model = config.model().spec();
        // read from the settings, so known before Spark starts
        long taskMemory = SparkMemory.task(spark.settings());
        DataConfig dataConfig = config.data();
        ValidationSplit split = dataConfig.validation() == null ? null
                : new ValidationSplit(dataConfig.validation().fraction(), dataConfig.validation().seed());
        boolean naive = config.fit().mode() == FitConfig.Mode.NAIVE;
        LoadedData data;
        Moments moments;
        // the held-out rows where the driver holds them, else their moments
        Dataset heldRows = null;
        Moments heldMoments = null;
        FitPlan plan;
        TableData table = null;
        if (dataConfig.table() != null) {
            table = TableData.read(dataConfig.table(), configDir, spark.get(), model, split);
            model = fittedOn(model, table.summary());
            moments = table.moments();
            heldMoments = split == null ? null : table.heldOut();
            int rows = table.summary().rows();
            int features = table.features().size();
            plan = FitPlan.of(config.fit().parallelism(), model, grid.hasMiniBatches(), true, rows, features,
                    SparkMemory.executor(spark.get()), 0, Long.MAX_VALUE);
            boolean collect = naive
                    || ((model.readsRows() || grid.hasMiniBatches()) && plan.mode() == FitConfig.Parallelism.GRID);
            if (collect) {
                SweepCost.of(config, model, grid, rows + (int) (split == null ? 0 : heldMoments.count()), features, 1)
                        .checkFits("data.table.path", Runtime.getRuntime().maxMemory());
                heldRows = split == null ? null : table.collect(rows, true);
            }
            data = new LoadedData(collect ? table.collect(rows, false) : null, table.summary());
        } else {
            data = load(config, model, configDir, grid);
            String labelKey = dataConfig.csv() != null ? "data.csv.label" : "data.synthetic.task";
            if (model.labels() == ModelSpec.Labels.BINARY) {
                data.checkBinaryLabels(labelKey, model);
            } else if (model.labels() == ModelSpec.Labels.CLASSES) {
                data = data.numberedClasses(labelKey);
            }
            model = fittedOn(model, data.summary());
            if (split != null) {
                ValidationSplit.Parts parts = split.apply(data.dataset());
                heldRows = parts.validation();
                data = new LoadedData(parts.training(), data.summary().measuredBy(Moments.of(parts.training())));
            }
            moments = Moments.of(data.dataset());
            int features = data.dataset().features();
            plan = FitPlan.of(config.fit().parallelism(), model, grid.hasMiniBatches(), false, data.summary().rows(),
                    features, Long.MAX_VALUE, SweepCost.taskGraphBytes(model, data.summary().rows(), features,
                            Math.min(config.grid().ratesPerTask(), grid.rateCount()), config.fit().precision()),
                    taskMemory);
        }
        boolean dataParallel = plan.mode() == FitConfig.Parallelism.DATA;
        // a grid task holds its batch's models, data parallelism every rate of a series; each may bring a twin
        int models = (dataParallel ? grid.rateCount() : Math.min(config.grid().ratesPerTask(), grid.rateCount()))
                * (config.regimes().sensitivity() == RegimeConfig.Sensitivity.OFF ? 1 : 2);
        SweepCost.checkParametersFit(model, table != null ? table.features().size() : data.dataset().features(), models,
                config.fit().precision(), taskMemory);
        if (naive && dataParallel) {
            throw new SweepInputException("fit.mode: naive fits each cell in one task on all the rows; it does not "
                    + "run with fit.parallelism data");
        }
        DatasetSummary summary = data.summary();
        int rows = summary.rows();
        int features = summary.featureNames().size();
        Standardization scaling = Standardization.of(summary);
        Conditioning conditioning = Conditioning.of(moments, scaling.means(), scaling.scales());
        boolean standardize = dataConfig.standardize();
        UnaryOperator<Dataset> scaleRows = standardize ? scaling::apply : UnaryOperator.identity();
        UnaryOperator<Moments> scaleMoments = standardize ? scaling::apply : UnaryOperator.identity();
        Moments fittedMoments = scaleMoments.apply(moments);
        // a standardised copy of the rows only where the sweep fits on it
        Dataset fittedRows = data.dataset() == null ? null : scaleRows.apply(data.dataset());
        FitData fitData = fittedRows != null ? fittedRows : fittedMoments;
        FitData validation = heldRows != null ? scaleRows.apply(heldRows)
                : heldMoments != null ? scaleMoments.apply(heldMoments) : null;
        HeldOut heldOut = split == null ? null : new HeldOut(split.fraction(), split.seed(),
                heldRows != null ? heldRows.rows() : (int) heldMoments.count());
        JavaRDD<Dataset> slices = null;
        JavaRDD<Dataset> heldSlices = null;
        if (dataParallel) {
            int sliceRows = Slices.rows(rows, features, grid.rateCount(), model, spark.get().defaultParallelism());
            long bytes = (long) (rows + (heldOut == null ? 0 : heldOut.rows())) * (features + 1) * 8;
            boolean inMemory = bytes <= Slices.CACHE_SHARE * SparkMemory.storage(spark.get());
            StorageLevel level = inMemory ? StorageLevel.MEMORY_AND_DISK() : StorageLevel.DISK_ONLY();
            slices = Slices.cached(table != null ? table.slices(sliceRows, false) : Slices.of(spark.get(), fittedRows, sliceRows),
                    table != null && standardize ? scaling : null, level, spark.get().defaultParallelism());
            if (split != null) {
                heldSlices = Slices.cached(table != null ? table.slices(sliceRows, true)
                                : Slices.of(spark.get(), (Dataset) validation, sliceRows),
                        table != null && standardize ? scaling : null, level, spark.get().defaultParallelism());
            }
            plan = plan.cachedIn(inMemory ? "the executors' memory" : "the executors' local disks");
        }
        // the report draws the data for one-feature linear and two-feature classifying sweeps: a first slice of a
        // table's rows is enough, and no other sweep brings any row of a table to the driver
        boolean drawsData = drawsPoints(model, features) || drawsClassPoints(model, features);
        Dataset points = data.dataset() != null ? data.dataset()
                : drawsData ? table.slices(Points.LIMIT, false).first() : null;
        Layout layout = model.layout(features);
        Parameters start = StartPoints.of(config.init(), layout, configDir);
        announceLongTheory(SweepCost.of(config, model, grid, rows, features, 1), model.parameters(features), progress);
        FamilyTheory.Known known = FamilyTheory.of(model).of(new FamilyTheory.FittedRows(fittedRows, fittedMoments,
                fittedRows != null ? RowPasses.of(fittedRows) : slices != null ? SlicedTheory.passes(slices) : null),
                model, start);
        Theory theory = known.theory();
        QuadraticDescent descent = known.descent();
        RangeTestRun rangeTest = null;
        if (grid.awaitsRates()) {
            rangeTest = RangeTestRun.laying(rangeTests(spark.get(), config, grid, model, start, fitData, dataParallel,
                    theory, progress), config.rangeTest().to(), config.rangeTest().steps());
            grid = grid.withLearningRates(SweepGrid.expand(new LearningRateRange(rangeTest.gridFrom(),
                    rangeTest.gridTo(), grid.rateCount(), LearningRateRange.Scale.LOG)));
            progress.println("sweep: grid.learning_rates auto: " + grid.rateCount() + " rates from "
                    + SweepAnalysis.rate(rangeTest.gridFrom()) + " to " + SweepAnalysis.rate(rangeTest.gridTo())
                    + ", " + RangeTestRun.DECADES_BELOW + " decades below and " + RangeTestRun.DECADES_ABOVE
                    + " above the range test's steepest-descent suggestions");
            progress.flush();
        }
        RegimeConfig.Sensitivity sensitivity = config.regimes().sensitivity();
        if (SensitivityTwins.needsSharpnessStart(sensitivity, theory, rangeTest)) {
            TrialBatch first = grid.batches(model, start, config.fit().divergenceFactor(),
                    config.regimes().oscillationWindow(), config.fit().precision(), true,
                    spec -> TrialBatch.NO_TWINS).get(0).alone();
            theory = theory.withSharpnessStart(dataParallel
                    ? DataParallelFit.sharpnessAtStart(slices, features, first, () -> { })
                    : SparkFanOut.sharpnessAtStart(spark.get(), fitData, first));
        }
        Theory planned = theory;
        RangeTestRun laid = rangeTest;
        List<TrialBatch> batches = grid.batches(model, start, config.fit().divergenceFactor(),
                config.regimes().oscillationWindow(), config.fit().precision(), dataParallel,
                spec -> SensitivityTwins.from(sensitivity, spec.key(), spec.optimizer(), planned, laid));
        Map<String, Object> configTree = ConfigLoader.asTree(config);
        SweepJournal.Header header = new SweepJournal.Header(configTree, summary.source(), summary.sha256(),
                StartPoints.source(config.init(), configDir), Sha256.ofValues(start.values()), LibraryVersions.worker());
        return new Prepared(config, configTree, data, fitData, validation, slices, heldSlices, heldOut, plan,
                points, standardize ? scaling : null, conditioning, model, start, grid, batches, theory, descent,
                rangeTest, header, seconds(startNanos));
    }

    /**
     * Runs the range test of every optimizer and batch size of the grid (seed 0), one Spark task each, on the
     * rows (or moments) the grid's tasks fit on.
     *
     * @throws SweepInputException in data parallelism, where no task holds the rows
     */
    private static List<RangeTestResult> rangeTests(JavaSparkContext spark, SweepConfig config, SweepGrid grid,
                                                    ModelSpec model, Parameters start, FitData fitData,
                                                    boolean dataParallel, Theory theory, PrintWriter progress) {
        if (dataParallel) {
            throw new SweepInputException("the range test (bin/sweep find, grid.learning_rates: auto) runs on rows a "
                    + "task holds, and this sweep fits in data parallelism: use fit.parallelism grid, or list the rates");
        }
        RangeTestConfig settings = config.rangeTest();
        List<RangeTest> tests = new ArrayList<>();
        List<SweepGrid.SeriesSpec> runs = new ArrayList<>();
        for (SweepGrid.SeriesSpec spec : grid.series()) {
            if (spec.seed() == 0) {
                runs.add(spec);
                tests.add(new RangeTest(model, start, spec.optimizer(), spec.batchSize(), 0, settings.from(),
                        settings.to(), settings.steps(), settings.stopFactor(), settings.smoothing(),
                        Precision.valueOf(config.fit().precision().name())));
            }
        }
        SweepCost.checkRangeTestFits(tests.size(), settings.steps(), Runtime.getRuntime().maxMemory());
        long rows = fitData instanceof Dataset held ? held.rows() : ((Moments) fitData).count();
        SweepCost cost = SweepCost.rangeTest(model, rows, fitData.features(), tests.size(), settings.steps(),
                spark.defaultParallelism());
        progress.println("sweep: range test: " + tests.size() + " run" + (tests.size() == 1 ? "" : "s") + " of up to "
                + settings.steps() + " steps, the rate growing from " + SweepAnalysis.rate(settings.from()) + " to "
                + SweepAnalysis.rate(settings.to()) + (cost.isLong() ? " (" + cost.duration() + " at most)" : ""));
        progress.flush();
        spark.setJobDescription("range test " + config.name());
        List<RangeTest.Trace> traces = SparkFanOut.rangeTests(spark, fitData, tests);
        List<RangeTestResult> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Series series = runs.get(i).key();
            results.add(RangeTestResult.of(series.optimizer(), series.batchSize(), traces.get(i),
                    OptimizerTheory.lrCritical(runs.get(i).optimizer(), theory.lrCritical())));
        }
        return results;
    }

    /** Says so before the exact solution of wide data takes more than a minute. */
    private static void announceLongTheory(SweepCost cost, int parameters, PrintWriter progress) {
        if (cost.isLongTheory()) {
            progress.println("sweep: " + parameters + " parameters: the exact solution and the Hessian's eigenvalues "
                    + "take " + cost.theoryDuration() + " (decompositions of a " + parameters + " × " + parameters
                    + " matrix), on the driver and in each task");
            progress.flush();
        }
    }

    /**
     * The fitted batches and how the fit went.
     *
     * @param byBatch      every batch's trajectories, by the batch's index
     * @param execution    where and how it ran
     * @param journal      the journal holding every batch (open only until the files are written)
     * @param sparkStarted seconds from the command's start to Spark's
     * @param fitted       seconds from the command's start to the last batch
     * @param foreseenSeconds the fitting time the cost model foresaw
     */
    private record Fitted(Map<Integer, List<Trajectory>> byBatch, Execution execution, SweepJournal journal,
                          double sparkStarted, double fitted, double foreseenSeconds) {
    }

    /** Starts Spark, opens the journal and fits every batch it does not hold yet. */
    private static Fitted fit(Prepared sweep, SparkStarter starter, SweepJournal resumed, Path outDir, long startNanos,
                              PrintWriter progress, boolean interactive) throws IOException, InterruptedException {
        SweepConfig config = sweep.config();
        List<TrialBatch> batches = sweep.batches();
        Map<Integer, List<Trajectory>> byBatch = new ConcurrentHashMap<>();
        if (resumed != null) {
            byBatch.putAll(resumed.finished());
        }
        List<Integer> pending = IntStream.range(0, batches.size()).filter(i -> !byBatch.containsKey(i)).boxed().toList();
        int cellsDone = byBatch.keySet().stream().mapToInt(i -> cells(batches.get(i))).sum();
        SweepJournal journal = resumed;
        try {
            JavaSparkContext spark = starter.get();
            int rows = sweep.data().summary().rows();
            int features = sweep.data().summary().featureNames().size();
            int rates = batches.stream().mapToInt(batch -> batch.learningRates().length).sum();
            int twins = batches.stream().mapToInt(TrialBatch::models).sum() - rates;
            boolean dataParallel = sweep.plan().mode() == FitConfig.Parallelism.DATA;
            SweepCost gridCost = SweepCost.of(config, sweep.model(), sweep.grid(), rows, features,
                    spark.defaultParallelism());
            SweepCost cost = (dataParallel ? gridCost.inDataParallelism(sweep.model(), sweep.grid(), rows, features,
                    spark.defaultParallelism()) : gridCost).withTwins(rates + twins, rates);
            if (config.data().table() != null || dataParallel) {
                progress.println("sweep: " + sweep.plan().mode().label() + " parallelism: " + sweep.plan().reason());
            }
            if (cost.isLong()) {
                progress.println("sweep: a long sweep: " + cost.duration() + " of fitting foreseen (" + batches.size()
                        + " batches on " + spark.defaultParallelism() + " cores" + (twins == 0 ? ""
                        : ", " + twins + " of the " + rates + " runs with a sensitivity twin") + "); finished batches "
                        + "are kept if it is stopped, and --resume finishes it");
            }
            progress.flush();
            if (journal == null) {
                journal = SweepJournal.start(outDir, sweep.header());
            }
            SweepJournal recording = journal;
            String job = "learning-rate sweep " + config.name() + ": " + sweep.grid().cellCount() + " cells";
            spark.setJobDescription(job + (dataParallel ? "" : " in " + pending.size() + " tasks (live: accumulator "
                    + TaskProgress.ACCUMULATOR + ")"));
            starter.awaitWarmUp();
            double sparkStarted = seconds(startNanos);
            // the running batches' model-steps: reported by the tasks' heartbeats in grid parallelism, counted here
            // in data parallelism, where the descent runs on the driver
            TaskProgress tasks = TaskProgress.of(spark);
            AtomicLong driverSteps = new AtomicLong();
            // in data parallelism every gradient evaluation is a Spark job, the sharpness measurements' included
            AtomicLong jobs = new AtomicLong();
            int[] stepCounts = sweep.grid().stepCounts();
            try (ProgressLine line = new ProgressLine(progress, interactive, config.name(), sweep.grid().cellCount(),
                    cellsDone, () -> tasks.inFlight() + driverSteps.get(),
                    (double) stepCounts.length / stepCounts[stepCounts.length - 1],
                    () -> dataParallel ? ", " + jobs.get() + " Spark jobs" : "")) {
                SparkFanOut.BatchSink sink = (task, trajectories) -> {
                    int batch = pending.get(task);
                    recording.record(batch, trajectories);
                    byBatch.put(batch, trajectories);
                    driverSteps.set(0);
                    line.cellsDone(cells(batches.get(batch)));
                };
                if (dataParallel) {
                    // one batch per series, each step of it one Spark job over every slice
                    for (int task = 0; task < pending.size(); task++) {
                        String optimizer = batches.get(pending.get(task)).optimizer().label();
                        sink.accept(task, DataParallelFit.fit(sweep.slices(), sweep.heldSlices(), features,
                                batches.get(pending.get(task)), driverSteps::addAndGet,
                                () -> spark.setJobDescription(job + ", " + optimizer + ": gradient evaluation "
                                        + jobs.incrementAndGet() + " over every slice")));
                    }
                } else {
                    SparkFanOut.fit(spark, sweep.fitData(), sweep.validation(), pending.stream().map(batches::get).toList(),
                            config.fit().mode() == FitConfig.Mode.NAIVE, FaultInjection.of(spark.getConf()), tasks,
                            sink);
                }
            }
            Execution execution = new Execution(spark.master(), spark.version(), spark.defaultParallelism(),
                    batches.size(), dataParallel ? batches.get(0).learningRates().length : config.grid().ratesPerTask(),
                    batches.size() - pending.size(), sweep.plan().mode().label(), sweep.plan().reason());
            starter.close();
            return new Fitted(byBatch, execution, journal, sparkStarted, seconds(startNanos), cost.seconds());
        } catch (Exception | Error failure) {
            // Exception, not only RuntimeException: Scala code throws checked exceptions (SparkException) undeclared
            int kept = journal == null ? 0 : journal.batchesKept();
            if (journal != null && kept == 0) {
                journal.delete(outDir);
            } else if (journal != null) {
                journal.close();
            }
            if (failure instanceof SweepInputException input) {
                throw input;
            }
            throw new SweepStoppedException(failure, kept);
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

    private static int cells(TrialBatch batch) {
        return batch.learningRates().length * batch.stepCounts().length;
    }

    /** The record of a fitted sweep: its results laid out on the grid, analysed, with their provenance. */
    private static SweepRecord record(Prepared sweep, Fitted fitted, long startNanos) {
        SweepConfig config = sweep.config();
        SweepGrid grid = sweep.grid();
        Execution execution = fitted.execution();
        List<Trajectory> trajectories = new TreeMap<>(fitted.byBatch()).values().stream().flatMap(List::stream).toList();
        Theory theory = sweep.theory().completedBy(SweepResults.bestLoss(sweep.batches(), fitted.byBatch()),
                SweepResults.measuredSharpnessStart(trajectories));
        RegimeConfig regimes = config.regimes();
        SweepResults results = SweepResults.of(grid, sweep.batches(), fitted.byBatch(),
                new RegimeRules(regimes.convergedTolerance(), regimes.oscillationWindow(), regimes.oscillationShare(),
                        sweep.model().quadraticLoss()),
                theory.floor(), sweep.standardization() == null ? null
                        : parameters -> sweep.standardization().toOriginalUnits(sweep.start().layout(), parameters),
                theory.exactParameters() == null ? null
                        : Parameters.fromTree(sweep.start().layout(), theory.exactParameters()).values());
        Map<String, Long> seeds = new LinkedHashMap<>();
        if (config.data().synthetic() != null) {
            seeds.put("data", config.data().synthetic().seed());
        }
        if (config.init().seed() != null) {
            seeds.put("init", config.init().seed());
        }
        Map<Series, Optimizer> optimizers = new LinkedHashMap<>();
        grid.series().forEach(spec -> optimizers.put(spec.key(), spec.optimizer()));
        Map<String, String> versions = new LinkedHashMap<>(LibraryVersions.worker());
        versions.put("spark", execution.sparkVersion());
        versions.put("java", System.getProperty("java.version"));
        Timings timings = new Timings(sweep.loadedSeconds(), fitted.sparkStarted() - sweep.loadedSeconds(),
                fitted.fitted() - fitted.sparkStarted(), fitted.foreseenSeconds(), seconds(startNanos));
        return new SweepRecord(config.name(), sweep.configTree(), sweep.data().summary(), config.model(),
                sweep.start().layout(), points(sweep.model(), sweep.points()),
                classPoints(sweep.model(), sweep.points()), sweep.standardization(), sweep.conditioning(),
                sweep.heldOut(),
                sweep.start().toTree(), seeds, versions, execution, timings, theory,
                SweepAnalysis.series(results.rows(), grid.learningRates(), optimizers, theory.lrCritical(),
                        sweep.descent(), sweep.start().values()),
                SweepAnalysis.overSeeds(results.rows()), sweep.rangeTest(), results.rows(), results.curves());
    }

    /**
     * Loads the data, refusing data that cannot fit in the driver's heap beside the recorded curves:
     * generated data before it is generated, a CSV file as it is read.
     */
    private static LoadedData load(SweepConfig config, ModelSpec model, Path configDir, SweepGrid grid) {
        DataConfig data = config.data();
        long heap = Runtime.getRuntime().maxMemory();
        if (data.synthetic() != null) {
            int features = data.synthetic().weights().length;
            SweepCost.of(config, model, grid, data.synthetic().rows(), features, 1).checkFits("data.synthetic.rows", heap);
            return SyntheticData.generate(data.synthetic());
        }
        return CsvData.read(data.csv(), configDir, (rows, features) ->
                SweepCost.of(config, model, grid, rows, features, 1).checkFits("data.csv.path", heap),
                model.labels() == ModelSpec.Labels.CLASSES);
    }

    /** The model fitted on the labels {@code data} describe: a softmax model with as many classes as they have. */
    private static ModelSpec fittedOn(ModelSpec model, DatasetSummary data) {
        return data.classes() == null ? model : model.withClasses(data.classes().size());
    }

    /**
     * Up to {@link Points#LIMIT} points of one-feature data at an even stride, for the fitted lines of a
     * linear model; null for more features or another model.
     */
    private static Points points(ModelSpec model, Dataset data) {
        if (data == null || !drawsPoints(model, data.features())) {
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

    private static boolean drawsPoints(ModelSpec model, int features) {
        return features == 1 && !model.readsRows();
    }

    private static boolean drawsClassPoints(ModelSpec model, int features) {
        return features == 2 && model.labels() == ModelSpec.Labels.BINARY;
    }

    /** Up to {@link Points#LIMIT} points of two-feature classes at an even stride; null for other data or models. */
    private static ClassPoints classPoints(ModelSpec model, Dataset data) {
        if (data == null || !drawsClassPoints(model, data.features())) {
            return null;
        }
        int stride = (data.rows() + Points.LIMIT - 1) / Points.LIMIT;
        int count = (data.rows() + stride - 1) / stride;
        double[] x0 = new double[count];
        double[] x1 = new double[count];
        double[] labels = new double[count];
        double[] y = data.y();
        for (int k = 0; k < count; k++) {
            x0[k] = data.feature(k * stride, 0);
            x1[k] = data.feature(k * stride, 1);
            labels[k] = y[k * stride];
        }
        return new ClassPoints(x0, x1, labels);
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
