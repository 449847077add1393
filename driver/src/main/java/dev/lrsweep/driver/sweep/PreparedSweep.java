package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.FamilyTheory;
import dev.lrsweep.driver.analysis.OptimizerTheory;
import dev.lrsweep.driver.analysis.QuadraticDescent;
import dev.lrsweep.driver.analysis.RangeTestResult;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.analysis.RegularisedOptimum;
import dev.lrsweep.driver.analysis.RowPasses;
import dev.lrsweep.driver.analysis.SensitivityTwins;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.LearningRates;
import dev.lrsweep.driver.config.RangeTestConfig;
import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.data.LoadedData;
import dev.lrsweep.driver.data.Sha256;
import dev.lrsweep.driver.data.Standardization;
import dev.lrsweep.driver.data.TableData;
import dev.lrsweep.driver.output.HeldOut;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.plan.FitPlan;
import dev.lrsweep.driver.plan.StartPoints;
import dev.lrsweep.driver.plan.SweepCost;
import dev.lrsweep.driver.plan.SweepGrid;
import dev.lrsweep.driver.safety.SweepJournal;
import dev.lrsweep.driver.spark.DataParallelFit;
import dev.lrsweep.driver.spark.SlicedTheory;
import dev.lrsweep.driver.spark.Slices;
import dev.lrsweep.driver.spark.SparkFanOut;
import dev.lrsweep.driver.spark.SparkMemory;
import dev.lrsweep.driver.spark.SparkStarter;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.LibraryVersions;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.descent.RangeTest;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;


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
 * @param decayed       for each positive weight decay of the grid, where decayed descent settles, where theory
 *                      knows it (see {@link FamilyTheory#decayed}); a decay it does not know is left out
 * @param header        the journal's first line
 * @param loadedSeconds seconds from the command's start until now
 */
record PreparedSweep(SweepConfig config, Map<String, Object> configTree, LoadedData data, FitData fitData,
                     FitData validation, JavaRDD<Dataset> slices, JavaRDD<Dataset> heldSlices, HeldOut heldOut,
                     FitPlan plan, Dataset points, Standardization standardization, Conditioning conditioning,
                     ModelSpec model, Parameters start, SweepGrid grid, List<TrialBatch> batches, Theory theory,
                     QuadraticDescent descent, RangeTestRun rangeTest, Map<Double, RegularisedOptimum> decayed,
                     SweepJournal.Header header, double loadedSeconds) {

    /**
     * Reads the data, plans the fit, places the rows on Spark where data parallelism needs them, computes the
     * theory, lays the rates with a range test where asked, and cuts the grid into its batches.
     */
    static PreparedSweep prepare(SweepConfig config, Path configDir, SparkStarter spark, long startNanos,
                                 PrintWriter progress) {
        SweepGrid grid = SweepGrid.of(config.grid());
        SweepData read = SweepData.read(config, configDir, spark, grid);
        ModelSpec model = read.model();
        LoadedData data = read.data();
        TableData table = read.table();
        FitPlan plan = read.plan();
        Dataset fittedRows = read.fittedRows();
        FitData validation = read.validation();
        HeldOut heldOut = read.heldOut();
        Standardization scaling = read.scaling();
        boolean standardize = read.standardize();
        DatasetSummary summary = data.summary();
        int rows = summary.rows();
        int features = read.features();
        boolean dataParallel = plan.mode() == FitConfig.Parallelism.DATA;
        JavaRDD<Dataset> slices = null;
        JavaRDD<Dataset> heldSlices = null;
        if (dataParallel) {
            int sliceRows = Slices.rows(rows, features, grid.rateCount(), model, spark.get().defaultParallelism());
            long bytes = (long) (rows + (heldOut == null ? 0 : heldOut.rows())) * (features + 1) * 8;
            boolean inMemory = bytes <= Slices.CACHE_SHARE * SparkMemory.storage(spark.get());
            StorageLevel level = inMemory ? StorageLevel.MEMORY_AND_DISK() : StorageLevel.DISK_ONLY();
            slices = Slices.cached(table != null ? table.slices(sliceRows, false) : Slices.of(spark.get(), fittedRows, sliceRows),
                    table != null && standardize ? scaling : null, level);
            if (read.split() != null) {
                heldSlices = Slices.cached(table != null ? table.slices(sliceRows, true)
                                : Slices.of(spark.get(), (Dataset) validation, sliceRows),
                        table != null && standardize ? scaling : null, level);
            }
            plan = plan.cachedIn(!inMemory ? "the executors' local disks" : DataParallelFit.served(slices, heldSlices)
                    ? "the executors' memory, each partition held by one task for the whole fit" : "the executors' memory");
        }
        // the report draws the data for one-feature linear and two-feature classifying sweeps and shows a few of an
        // image model's images: a first slice of a table's rows is enough, and no other sweep brings any row of a
        // table to the driver
        boolean drawsData = SweepRecords.drawsPoints(model, features) || SweepRecords.drawsClassPoints(model, features)
                || SweepRecords.drawsImages(model);
        Dataset points = data.dataset() != null ? data.dataset()
                : drawsData ? table.slices(Points.LIMIT, false).first() : null;
        Layout layout = model.layout(features);
        Parameters start = StartPoints.of(config.init(), layout, configDir);
        announceLongTheory(SweepCost.of(config, model, grid, rows, features, 1), model.parameters(features), progress);
        FamilyTheory.FittedRows theoryRows = new FamilyTheory.FittedRows(fittedRows, read.fittedMoments(),
                fittedRows != null ? RowPasses.of(fittedRows) : slices != null ? SlicedTheory.passes(slices) : null);
        FamilyTheory family = FamilyTheory.of(model);
        FamilyTheory.Known known = family.of(theoryRows, model, start);
        Theory theory = known.theory();
        Map<Double, RegularisedOptimum> decayed = new TreeMap<>();
        for (double decay : config.grid().weightDecays()) {
            RegularisedOptimum optimum = decay == 0 ? null : family.decayed(theoryRows, model, start, known,
                    new WeightDecay(decay, config.grid().decayBiases()).perParameter(layout));
            if (optimum != null) {
                decayed.put(decay, optimum);
            }
        }
        QuadraticDescent descent = known.descent();
        RangeTestRun rangeTest = null;
        if (grid.awaitsRates()) {
            rangeTest = RangeTestRun.laying(rangeTests(spark.get(), config, grid, model, start, read.fitData(), dataParallel,
                    theory, progress), config.rangeTest().to(), config.rangeTest().steps());
            grid = grid.withLearningRates(SweepGrid.expand(new LearningRates.Range(rangeTest.gridFrom(),
                    rangeTest.gridTo(), grid.rateCount(), LearningRates.Scale.LOG)));
            progress.println("sweep: grid.learning_rates auto: " + grid.rateCount() + " rates from "
                    + SweepAnalysis.rate(rangeTest.gridFrom()) + " to " + SweepAnalysis.rate(rangeTest.gridTo())
                    + ", " + RangeTestRun.DECADES_BELOW + " decades below and " + RangeTestRun.DECADES_ABOVE
                    + " above the range test's steepest-descent suggestions");
            progress.flush();
        }
        RegimeConfig.Sensitivity sensitivity = config.regimes().sensitivity();
        boolean twinsNeedSharpness = SensitivityTwins.needsSharpnessStart(sensitivity, theory, rangeTest);
        // every rate starts at the same point: its sharpness measured once, on one model, rather than by each
        // task on its graph of k models
        TrialBatch first = grid.batches(model, start, config.fit().divergenceFactor(),
                config.regimes().oscillationWindow(), config.fit().precision(), true,
                spec -> TrialBatch.NO_TWINS).get(0).alone();
        double sharpnessStart = !twinsNeedSharpness && !model.measuresSharpness() ? Double.NaN
                : dataParallel ? DataParallelFit.sharpnessAtStart(slices, features, first)
                : SparkFanOut.sharpnessAtStart(spark.get(), read.fitData(), first);
        if (twinsNeedSharpness) {
            theory = theory.withSharpnessStart(sharpnessStart);
        }
        Theory planned = theory;
        RangeTestRun laid = rangeTest;
        List<TrialBatch> batches = grid.batches(model, start, config.fit().divergenceFactor(),
                config.regimes().oscillationWindow(), config.fit().precision(), dataParallel,
                spec -> SensitivityTwins.from(sensitivity, spec.key(), spec.optimizer(), planned, laid))
                .stream().map(batch -> batch.withSharpnessStart(sharpnessStart)).toList();
        Map<String, Object> configTree = ConfigLoader.asTree(config);
        SweepJournal.Header header = new SweepJournal.Header(configTree, summary.source(), summary.sha256(),
                StartPoints.source(config.init(), configDir), Sha256.ofValues(start.values()), LibraryVersions.worker());
        return new PreparedSweep(config, configTree, data, read.fitData(), validation, slices, heldSlices, heldOut,
                plan, points, standardize ? scaling : null, read.conditioning(), model, start, grid, batches, theory,
                descent, rangeTest, decayed, header, SweepRunner.seconds(startNanos));
    }

    /**
     * Runs the range test of every optimizer and batch size of the grid (seed 0; at a constant rate without weight
     * decay, whatever the grid's schedules and decays), one Spark task each, on the rows (or moments) the grid's
     * tasks fit on.
     *
     * @throws SweepInputException in data parallelism, where no task holds the rows
     */
    static List<RangeTestResult> rangeTests(JavaSparkContext spark, SweepConfig config, SweepGrid grid,
                                                    ModelSpec model, Parameters start, FitData fitData,
                                                    boolean dataParallel, Theory theory, PrintWriter progress) {
        if (dataParallel) {
            throw new SweepInputException("the range test (bin/sweep find, grid.learning_rates: auto) runs on rows a "
                    + "task holds, and this sweep fits in data parallelism: use fit.parallelism grid, or list the rates");
        }
        RangeTestConfig settings = config.rangeTest();
        List<RangeTest> tests = new ArrayList<>();
        List<SweepGrid.SeriesSpec> runs = new ArrayList<>();
        // one run per optimizer and batch size: the test grows a constant rate, with no schedule or weight decay
        Set<List<Object>> tested = new HashSet<>();
        for (SweepGrid.SeriesSpec spec : grid.series()) {
            if (spec.seed() == 0 && tested.add(List.of(spec.optimizer(), spec.batchSize()))) {
                runs.add(spec);
                tests.add(new RangeTest(model, start, spec.optimizer(), spec.batchSize(), 0, settings.from(),
                        settings.to(), settings.steps(), settings.stopFactor(), settings.smoothing(),
                        config.fit().precision()));
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
            results.add(RangeTestResult.of(series.optimizer().label(), series.batchSize(), traces.get(i),
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
}
