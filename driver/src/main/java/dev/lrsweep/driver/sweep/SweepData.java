package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.config.CsvDataConfig;
import dev.lrsweep.driver.config.DataConfig;
import dev.lrsweep.driver.config.FitConfig;
import dev.lrsweep.driver.config.GivenDataConfig;
import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.config.SyntheticDataConfig;
import dev.lrsweep.driver.config.TableDataConfig;
import dev.lrsweep.driver.data.CsvData;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.data.LoadedData;
import dev.lrsweep.driver.data.Standardization;
import dev.lrsweep.driver.data.SyntheticData;
import dev.lrsweep.driver.data.TableData;
import dev.lrsweep.driver.data.ValidationSplit;
import dev.lrsweep.driver.output.HeldOut;
import dev.lrsweep.driver.plan.FitPlan;
import dev.lrsweep.driver.plan.SweepCost;
import dev.lrsweep.driver.plan.SweepGrid;
import dev.lrsweep.driver.spark.SparkMemory;
import dev.lrsweep.driver.spark.SparkStarter;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.model.ModelSpec;
import java.nio.file.Path;
import java.util.function.UnaryOperator;


/**
 * The first stage of a sweep: the data read and checked (a table's on the executors), the model fitted to their
 * labels, the parallelism chosen and what it needs checked, the rows split for validation and scaled as the sweep
 * fits them.
 *
 * @param model         the model, fitted to the labels (a softmax model knows its classes)
 * @param data          the training rows where the driver holds them (else null), and their description
 * @param table         the table Spark reads, or null for a CSV file or generated data
 * @param plan          the parallelism and why
 * @param split         the validation split, or null
 * @param scaling       the features' standardisation, from their statistics (applied where {@code standardize})
 * @param standardize   whether the sweep fits standardised features
 * @param conditioning  the data's condition number as given and standardised
 * @param fittedRows    the rows as fitted (standardised where asked), where the driver holds them; else null
 * @param fittedMoments their moments as fitted, always known
 * @param validation    what each grid task measures the cells on: the held-out rows or their moments; or null
 * @param heldOut       the held-out rows' description, or null
 */
record SweepData(ModelSpec model, LoadedData data, TableData table, FitPlan plan, ValidationSplit split,
                 Standardization scaling, boolean standardize, Conditioning conditioning, Dataset fittedRows,
                 Moments fittedMoments, FitData validation, HeldOut heldOut) {

    /** What each grid task fits on: the rows, or for a model that needs only their moments, those. */
    FitData fitData() {
        return fittedRows != null ? fittedRows : fittedMoments;
    }

    /** The number of features. */
    int features() {
        return data.summary().featureNames().size();
    }

    /**
     * Reads, checks, splits and scales the data and plans the fit.
     *
     * @throws SweepInputException for data the sweep cannot use, or a plan that cannot fit in memory
     */
    static SweepData read(SweepConfig config, Path configDir, SparkStarter spark, SweepGrid grid) {
        ModelSpec model = config.model();
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
        if (dataConfig.source() instanceof TableDataConfig || dataConfig.source() instanceof GivenDataConfig) {
            table = dataConfig.source() instanceof GivenDataConfig given
                    ? TableData.given(given.rows(), given.label(), given.features(), model, split)
                    : TableData.read((TableDataConfig) dataConfig.source(), configDir, spark.get(), model, split);
            model = fittedOn(model, table.summary(), config.fit().precision());
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
            String labelKey = dataConfig.source().labelKey();
            if (model.labels() == ModelSpec.Labels.BINARY) {
                data.checkBinaryLabels(labelKey, model);
            } else if (model.labels() == ModelSpec.Labels.CLASSES) {
                data = data.numberedClasses(labelKey);
            }
            model = fittedOn(model, data.summary(), config.fit().precision());
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
        // a grid task holds its batch's models, data parallelism every rate of a series; each may bring a twin, in a
        // second graph of the runs and their twins where some steps lie outside the twins' windows
        int perRate = config.regimes().sensitivity() == RegimeConfig.Sensitivity.OFF ? 1
                : TrialBatch.twinShare(grid.stepCounts()) < 1 ? 3 : 2;
        int models = (dataParallel ? grid.rateCount() : Math.min(config.grid().ratesPerTask(), grid.rateCount()))
                * perRate;
        SweepCost.checkParametersFit(model, table != null ? table.features().size() : data.dataset().features(), models,
                config.fit().precision(), taskMemory);
        if (naive && dataParallel) {
            throw new SweepInputException("fit.mode: naive fits each cell in one task on all the rows; it does not "
                    + "run with fit.parallelism data");
        }
        Standardization scaling = Standardization.of(data.summary());
        Conditioning conditioning = Conditioning.of(moments, scaling.means(), scaling.scales());
        boolean standardize = dataConfig.standardize();
        UnaryOperator<Dataset> scaleRows = standardize ? scaling::apply : UnaryOperator.identity();
        UnaryOperator<Moments> scaleMoments = standardize ? scaling::apply : UnaryOperator.identity();
        Moments fittedMoments = scaleMoments.apply(moments);
        // a standardised copy of the rows only where the sweep fits on it
        Dataset fittedRows = data.dataset() == null ? null : scaleRows.apply(data.dataset());
        FitData validation = heldRows != null ? scaleRows.apply(heldRows)
                : heldMoments != null ? scaleMoments.apply(heldMoments) : null;
        HeldOut heldOut = split == null ? null : new HeldOut(split.fraction(), split.seed(),
                heldRows != null ? heldRows.rows() : (int) heldMoments.count());
        return new SweepData(model, data, table, plan, split, scaling, standardize, conditioning, fittedRows,
                fittedMoments, validation, heldOut);
    }

    /**
     * Loads the data, refusing data that cannot fit in the driver's heap beside the recorded curves:
     * generated data before it is generated, a CSV file as it is read.
     */
    private static LoadedData load(SweepConfig config, ModelSpec model, Path configDir, SweepGrid grid) {
        DataConfig data = config.data();
        long heap = Runtime.getRuntime().maxMemory();
        if (data.source() instanceof SyntheticDataConfig synthetic) {
            int features = synthetic.weights().length;
            SweepCost.of(config, model, grid, synthetic.rows(), features, 1).checkFits("data.synthetic.rows", heap);
            return SyntheticData.generate(synthetic);
        }
        return CsvData.read((CsvDataConfig) data.source(), configDir, (rows, features) ->
                SweepCost.of(config, model, grid, rows, features, 1).checkFits("data.csv.path", heap),
                model.labels() == ModelSpec.Labels.CLASSES);
    }

    /**
     * The model fitted on the data {@code data} describe: with as many classes as the labels have, its layers
     * checked on the features (a network's output units against the classes, its image against the features), a
     * model of your own's graph built and run on a few rows.
     */
    private static ModelSpec fittedOn(ModelSpec model, DatasetSummary data, Precision precision) {
        try {
            ModelSpec fitted = data.classes() == null ? model : model.withClasses(data.classes().size());
            fitted.layout(data.featureNames().size());
            fitted.family().check(fitted, data.featureNames().size(), precision);
            return fitted;
        } catch (IllegalArgumentException e) {
            throw new SweepInputException(e.getMessage());
        }
    }
}
