package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.GivenDataConfig;
import dev.lrsweep.driver.config.TableDataConfig;
import dev.lrsweep.driver.output.Execution;
import dev.lrsweep.driver.plan.SweepCost;
import dev.lrsweep.driver.plan.SweepGrid;
import dev.lrsweep.driver.safety.SweepJournal;
import dev.lrsweep.driver.spark.DataParallelFit;
import dev.lrsweep.driver.spark.FaultInjection;
import dev.lrsweep.driver.spark.SparkFanOut;
import dev.lrsweep.driver.spark.SparkStarter;
import dev.lrsweep.driver.spark.TaskProgress;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.optimizer.Schedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;


/**
 * The stage that fits a prepared sweep on Spark: the grid's batches as tasks (grid parallelism), or each series'
 * batch step by step over the cached slices (data parallelism), every finished batch kept in the journal, with the
 * progress line and the cost model's forecast on the console.
 */
final class SparkFit {

    private SparkFit() {
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
    record Fitted(Map<Integer, List<Trajectory>> byBatch, Execution execution, SweepJournal journal,
                          double sparkStarted, double fitted, double foreseenSeconds) {
    }

    /** Starts Spark, opens the journal and fits every batch it does not hold yet. */
    static Fitted fit(PreparedSweep sweep, SparkStarter starter, SweepJournal resumed, Path outDir, long startNanos,
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
                    spark.defaultParallelism(), DataParallelFit.served(sweep.slices(), sweep.heldSlices())) : gridCost)
                    .withTwins(rates + twins * TrialBatch.twinShare(sweep.grid().stepCounts()), rates);
            if (config.data().source() instanceof TableDataConfig || config.data().source() instanceof GivenDataConfig
                    || dataParallel) {
                progress.println("sweep: " + sweep.plan().mode().label() + " parallelism: " + sweep.plan().reason());
            }
            List<String> perBudget = sweep.grid().series().stream().map(SweepGrid.SeriesSpec::schedule)
                    .filter(Schedule::budgetRelative).map(Schedule::label).distinct().toList();
            int[] budgets = sweep.grid().stepCounts();
            if (!perBudget.isEmpty() && budgets.length > 1) {
                progress.println("sweep: " + String.join(", ", perBudget) + " shape" + (perBudget.size() == 1 ? "s" : "")
                        + " the rate over the run's length: each of the " + budgets.length + " step budgets is a run "
                        + "of its own, as one trains (" + Arrays.stream(budgets).asLongStream().sum() + " steps a rate, "
                        + "not " + budgets[budgets.length - 1] + ")");
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
            double sparkStarted = SweepRunner.seconds(startNanos);
            // the running batches' model-steps: reported by the tasks' heartbeats in grid parallelism, counted here
            // in data parallelism, where the descent runs on the driver
            TaskProgress tasks = TaskProgress.of(spark);
            AtomicLong driverSteps = new AtomicLong();
            // in data parallelism the gradient evaluations over the slices, the sharpness measurements' included
            AtomicLong evaluations = new AtomicLong();
            int[] stepCounts = sweep.grid().stepCounts();
            try (ProgressLine line = new ProgressLine(progress, interactive, config.name(), sweep.grid().cellCount(),
                    cellsDone, () -> tasks.inFlight() + driverSteps.get(),
                    (double) stepCounts.length / stepCounts[stepCounts.length - 1],
                    () -> dataParallel ? ", " + evaluations.get() + " evaluations over the slices" : "")) {
                SparkFanOut.BatchSink sink = (task, trajectories) -> {
                    int batch = pending.get(task);
                    recording.record(batch, trajectories);
                    byBatch.put(batch, trajectories);
                    driverSteps.set(0);
                    line.cellsDone(cells(batches.get(batch)));
                };
                if (dataParallel) {
                    // one batch per series, each step of it an evaluation over every slice
                    for (int task = 0; task < pending.size(); task++) {
                        spark.setJobDescription(job + ", " + batches.get(pending.get(task)).optimizer().label()
                                + ": the gradients over every slice");
                        sink.accept(task, DataParallelFit.fit(sweep.slices(), sweep.heldSlices(), features,
                                batches.get(pending.get(task)), driverSteps::addAndGet, evaluations::incrementAndGet));
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
            return new Fitted(byBatch, execution, journal, sparkStarted, SweepRunner.seconds(startNanos), cost.seconds());
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

    private static int cells(TrialBatch batch) {
        return batch.learningRates().length * batch.stepCounts().length;
    }
}
