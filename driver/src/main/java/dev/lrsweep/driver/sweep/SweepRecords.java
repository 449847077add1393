package dev.lrsweep.driver.sweep;

import dev.lrsweep.driver.analysis.RegimeRules;
import dev.lrsweep.driver.analysis.RegularisedOptimum;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SweepAnalysis;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.config.RegimeConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.output.ClassPoints;
import dev.lrsweep.driver.output.Execution;
import dev.lrsweep.driver.output.ImageSamples;
import dev.lrsweep.driver.output.Points;
import dev.lrsweep.driver.output.Provenance;
import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.output.Timings;
import dev.lrsweep.driver.plan.SweepGrid;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.LibraryVersions;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.descent.Trajectory;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;


/**
 * The last stage of a sweep: the fitted batches laid out on the grid, each cell's regime, the analysis of every
 * series and the theory completed by what was measured, with the provenance that lets the sweep be rerun.
 */
final class SweepRecords {

    private SweepRecords() {
    }

    /** The record of a fitted sweep: its results laid out on the grid, analysed, with their provenance. */
    static SweepRecord of(PreparedSweep sweep, SparkFit.Fitted fitted, long startNanos) {
        SweepConfig config = sweep.config();
        SweepGrid grid = sweep.grid();
        Execution execution = fitted.execution();
        List<Trajectory> trajectories = new TreeMap<>(fitted.byBatch()).values().stream().flatMap(List::stream).toList();
        Theory theory = sweep.theory().completedBy(SweepResults.bestLoss(sweep.batches(), fitted.byBatch()),
                SweepResults.measuredSharpnessStart(trajectories));
        RegimeConfig regimes = config.regimes();
        double[] exact = theory.exactParameters() == null ? null
                : Parameters.fromTree(sweep.start().layout(), theory.exactParameters()).values();
        // under weight decay descent settles at the regularised optimum (the ridge solution, Newton's), whose loss is
        // the floor; where theory does not know it (a network), the series' own best loss is
        Map<Double, RegularisedOptimum> decayed = sweep.decayed();
        Function<Series, double[]> optimumOf = series -> series.weightDecay() == 0 ? exact
                : decayed.containsKey(series.weightDecay()) ? decayed.get(series.weightDecay()).parameters() : null;
        ToDoubleFunction<Series> floorOf = series -> series.weightDecay() == 0 ? theory.floor()
                : decayed.containsKey(series.weightDecay()) ? decayed.get(series.weightDecay()).loss()
                : SweepResults.bestLoss(sweep.batches(), fitted.byBatch(), series::equals);
        Function<Series, Double> gdCriticalOf = series -> series.weightDecay() == 0 ? theory.lrCritical()
                : decayed.containsKey(series.weightDecay()) ? decayed.get(series.weightDecay()).lrCritical() : null;
        SweepResults results = SweepResults.of(grid, sweep.batches(), fitted.byBatch(),
                new RegimeRules(regimes.convergedTolerance(), regimes.oscillationWindow(), regimes.oscillationShare(),
                        sweep.model().quadraticLoss()),
                floorOf, sweep.standardization() == null ? null
                        : parameters -> sweep.standardization().toOriginalUnits(sweep.start().layout(), parameters),
                optimumOf);
        Timings timings = new Timings(sweep.loadedSeconds(), fitted.sparkStarted() - sweep.loadedSeconds(),
                fitted.fitted() - fitted.sparkStarted(), fitted.foreseenSeconds(), SweepRunner.seconds(startNanos));
        return new SweepRecord(config.name(), sweep.configTree(), sweep.data().summary(), sweep.model(),
                sweep.start().layout(), points(sweep.model(), sweep.points()),
                classPoints(sweep.model(), sweep.points()), images(sweep.model(), sweep.points()),
                sweep.standardization(), sweep.conditioning(),
                sweep.heldOut(),
                sweep.start().toTree(), Provenance.Seeds.of(config),
                Provenance.Versions.of(LibraryVersions.worker(), execution.sparkVersion()), Provenance.Machine.here(),
                execution, timings, theory,
                SweepAnalysis.series(results.rows(), grid.learningRates(),
                        grid.series().stream().map(SweepGrid.SeriesSpec::key).toList(), gdCriticalOf,
                        sweep.descent(), sweep.start().values()),
                SweepAnalysis.overSeeds(results.rows()), sweep.rangeTest(), results.rows(), results.curves());
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

    static boolean drawsPoints(ModelSpec model, int features) {
        return features == 1 && !model.readsRows();
    }

    static boolean drawsClassPoints(ModelSpec model, int features) {
        return features == 2 && model.labels() == ModelSpec.Labels.BINARY;
    }

    static boolean drawsImages(ModelSpec model) {
        return model.image() != null;
    }

    /**
     * Up to {@link ImageSamples#LIMIT} images of an image model's rows, the first of each class in turn (see
     * {@link ImageSamples}); null for other models.
     */
    static ImageSamples images(ModelSpec model, Dataset data) {
        if (data == null || !drawsImages(model)) {
            return null;
        }
        Map<Double, List<Integer>> byLabel = new TreeMap<>();
        double[] y = data.labelsNoCopy();
        for (int row = 0; row < data.rows(); row++) {
            List<Integer> rows = byLabel.computeIfAbsent(y[row], label -> new ArrayList<>());
            if (rows.size() < ImageSamples.LIMIT) {
                rows.add(row);
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int turn = 0; chosen.size() < Math.min(ImageSamples.LIMIT, data.rows()); turn++) {
            for (List<Integer> rows : byLabel.values()) {
                if (turn < rows.size() && chosen.size() < ImageSamples.LIMIT) {
                    chosen.add(rows.get(turn));
                }
            }
        }
        Shape shape = model.image();
        int size = Math.toIntExact(shape.size());
        double[] x = data.featuresNoCopy();
        double[][] images = new double[chosen.size()][];
        double[] labels = new double[chosen.size()];
        for (int i = 0; i < chosen.size(); i++) {
            images[i] = Arrays.copyOfRange(x, chosen.get(i) * size, (chosen.get(i) + 1) * size);
            labels[i] = y[chosen.get(i)];
        }
        return new ImageSamples(new int[] {shape.channels(), shape.height(), shape.width()}, images, labels);
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
}
