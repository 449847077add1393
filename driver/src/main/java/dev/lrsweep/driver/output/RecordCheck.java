package dev.lrsweep.driver.output;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Checks a record read back from {@code results.json} before a report is drawn from it. A file that
 * parses may still lack parts (cut short, edited by hand, written by another program); this names
 * the first part the report needs that is missing or does not fit the others, by its name in the
 * file.
 */
public final class RecordCheck {
    private RecordCheck() {
    }

    /**
     * Passes a record that holds every part the report reads, each fitting the others.
     *
     * @throws SweepInputException naming the first part missing or inconsistent, e.g. {@code missing 'theory'}
     *                             or {@code rows[3] has no 'parameters'}
     */
    public static void check(SweepRecord record) {
        Stream.<Supplier<String>>of(
                        () -> rows(record.rows()),
                        () -> curves(record.curves()),
                        () -> everyRowHasItsCurve(record.rows(), record.curves()),
                        () -> record.name() == null ? missing("name") : null,
                        () -> dataset(record.dataset()),
                        () -> model(record.model()),
                        () -> record.layout() == null ? missing("layout") : null,
                        () -> parametersFitTheLayout(record.rows(), record.layout().size()),
                        () -> points(record.points(), record.dataset()),
                        () -> classPoints(record.classPoints()),
                        () -> images(record.images()),
                        () -> record.conditioning() == null ? missing("conditioning") : null,
                        () -> record.theory() == null ? missing("theory")
                                : record.theory().floorSource() == null ? missing("theory.floor_source") : null,
                        () -> series(record.series(), record.rows()),
                        () -> record.seedSummaries() == null ? missing("seed_summaries") : null,
                        () -> record.timings() == null ? missing("timings") : null,
                        () -> record.versions() == null ? missing("versions") : null)
                .map(Supplier::get).filter(Objects::nonNull).findFirst()
                .ifPresent(problem -> {
                    throw new SweepInputException(problem);
                });
    }

    /** The model must be one the worker fits: the report reads what it is (a classifier, a network) from it. */
    private static String model(ModelSpec model) {
        return model == null ? missing("model") : null;
    }

    private static String rows(List<CellResult> rows) {
        if (rows == null) {
            return missing("rows");
        }
        if (rows.isEmpty()) {
            return "'rows' is empty";
        }
        for (int k = 0; k < rows.size(); k++) {
            CellResult row = rows.get(k);
            String problem = row == null ? "rows[" + k + "] is null"
                    : row.optimizer() == null ? "rows[" + k + "] has no 'optimizer'"
                    : !isOptimizer(row.optimizer()) ? "rows[" + k + "]: 'optimizer' " + notOptimizer(row.optimizer())
                    : row.regime() == null ? "rows[" + k + "] has no 'regime'"
                    : row.parameters() == null ? "rows[" + k + "] has no 'parameters'" : null;
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String curves(List<LossCurve> curves) {
        if (curves == null) {
            return missing("curves");
        }
        if (curves.isEmpty()) {
            return "'curves' is empty";
        }
        for (int i = 0; i < curves.size(); i++) {
            LossCurve curve = curves.get(i);
            if (curve == null) {
                return "curves[" + i + "] is null";
            }
            if (curve.optimizer() == null) {
                return "curves[" + i + "] has no 'optimizer'";
            }
            if (!isOptimizer(curve.optimizer())) {
                return "curves[" + i + "]: 'optimizer' " + notOptimizer(curve.optimizer());
            }
            if (curve.loss() == null) {
                return "curves[" + i + "] has no 'loss'";
            }
            if (curve.steps() == null || curve.steps().length != curve.loss().length) {
                return "curves[" + i + "] has no 'steps' of the same length as its 'loss'";
            }
            if (!(curve.learningRate() > 0 && curve.learningRate() < Double.POSITIVE_INFINITY)) {
                return "curves[" + i + "]: 'learning_rate' " + curve.learningRate() + " is not a positive number";
            }
            if (i > 0 && curves.get(i - 1).series().equals(curve.series())
                    && !(curves.get(i - 1).learningRate() < curve.learningRate())) {
                return "'curves' of one series are not in ascending 'learning_rate' order at curves[" + i + "]";
            }
        }
        return null;
    }

    private static boolean isOptimizer(String label) {
        return notOptimizer(label) == null;
    }

    /** Why {@code label} names no optimizer, or null where it does. */
    private static String notOptimizer(String label) {
        try {
            Optimizer.ofLabel(label);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String everyRowHasItsCurve(List<CellResult> rows, List<LossCurve> curves) {
        Set<List<Object>> keys = new HashSet<>();
        curves.forEach(curve -> keys.add(List.of(curve.series(), curve.learningRate())));
        for (int k = 0; k < rows.size(); k++) {
            if (!keys.contains(List.of(rows.get(k).series(), rows.get(k).learningRate()))) {
                return "rows[" + k + "]: no loss curve in 'curves' for its series (" + rows.get(k).series().label()
                        + ") and 'learning_rate' " + rows.get(k).learningRate();
            }
        }
        return null;
    }

    private static String series(List<SeriesResult> series, List<CellResult> rows) {
        if (series == null) {
            return missing("series");
        }
        Set<Series> known = new HashSet<>();
        for (int i = 0; i < series.size(); i++) {
            SeriesResult one = series.get(i);
            if (one == null || one.series() == null || one.series().optimizer() == null) {
                return "series[" + i + "] has no 'series.optimizer'";
            }
            if (one.boundary() == null) {
                return "series[" + i + "] has no 'boundary'";
            }
            String problem = suggestions(one.suggestions());
            if (problem != null) {
                return "series[" + i + "]: " + problem;
            }
            known.add(one.series());
        }
        for (int k = 0; k < rows.size(); k++) {
            if (!known.contains(rows.get(k).series())) {
                return "rows[" + k + "]: its series (" + rows.get(k).series().label() + ") is not in 'series'";
            }
        }
        return null;
    }

    private static String dataset(DatasetSummary dataset) {
        return dataset == null ? missing("dataset")
                : dataset.featureNames() == null ? missing("dataset.feature_names")
                : dataset.labelName() == null ? missing("dataset.label_name")
                : dataset.columns() == null ? missing("dataset.columns")
                : dataset.columns().contains(null) ? "'dataset.columns' holds a null"
                : dataset.trueWeights() != null && dataset.trueBias() == null ? missing("dataset.true_bias")
                : null;
    }

    private static String parametersFitTheLayout(List<CellResult> rows, int size) {
        for (int k = 0; k < rows.size(); k++) {
            if (rows.get(k).parameters().length != size) {
                return String.format(Locale.ROOT, "rows[%d]: 'parameters' has %d values, but 'layout' has %d",
                        k, rows.get(k).parameters().length, size);
            }
        }
        return null;
    }

    private static String images(ImageSamples images) {
        if (images == null) {
            return null;
        }
        if (images.shape() == null || images.images() == null || images.labels() == null) {
            return missing(images.shape() == null ? "images.shape" : images.images() == null ? "images.images"
                    : "images.labels");
        }
        if (images.shape().length != 3 || Arrays.stream(images.shape()).anyMatch(side -> side < 1)) {
            return "'images.shape' is " + Arrays.toString(images.shape()) + ", not [channels, height, width]";
        }
        if (images.images().length != images.labels().length) {
            return "'images' holds " + images.images().length + " images and " + images.labels().length + " labels";
        }
        int size = images.shape()[0] * images.shape()[1] * images.shape()[2];
        for (int i = 0; i < images.images().length; i++) {
            if (images.images()[i] == null || images.images()[i].length != size) {
                return String.format(Locale.ROOT, "images.images[%d] has %s values, and an image of %s has %d", i,
                        images.images()[i] == null ? "no" : String.valueOf(images.images()[i].length),
                        Arrays.toString(images.shape()), size);
            }
        }
        return null;
    }

    private static String classPoints(ClassPoints points) {
        return points == null ? null
                : points.x0() == null || points.x1() == null || points.labels() == null ? missing("class_points.x0")
                : points.x0().length != points.x1().length || points.x0().length != points.labels().length
                        ? "'class_points' holds " + points.x0().length + " x0, " + points.x1().length + " x1 and "
                                + points.labels().length + " labels" : null;
    }

    private static String points(Points points, DatasetSummary dataset) {
        if (points == null) {
            return null;
        }
        return points.x() == null ? missing("points.x")
                : points.y() == null ? missing("points.y")
                : points.x().length != points.y().length
                        ? "'points' holds " + points.x().length + " x but " + points.y().length + " y values"
                : dataset.featureNames().size() != 1
                        ? "'points' is given, but the data has " + dataset.featureNames().size() + " features, not 1"
                : dataset.trueWeights() != null && dataset.trueWeights().length != 1
                        ? "'dataset.true_weights' has " + dataset.trueWeights().length + " values, but the data has 1 feature"
                : null;
    }

    private static String suggestions(Suggestions suggestions) {
        if (suggestions == null) {
            return missing("suggestions");
        }
        if (suggestions.bestPerStepCount() == null) {
            return missing("suggestions.best_per_step_count");
        }
        if (suggestions.bestPerStepCount().contains(null)) {
            return "'suggestions.best_per_step_count' holds a null";
        }
        if (suggestions.verdicts() == null) {
            return missing("suggestions.verdicts");
        }
        for (int i = 0; i < suggestions.verdicts().size(); i++) {
            Suggestions.Verdict verdict = suggestions.verdicts().get(i);
            if (verdict == null || verdict.regime() == null) {
                return "suggestions.verdicts[" + i + "] has no 'regime'";
            }
        }
        return null;
    }

    private static String missing(String part) {
        return "missing '" + part + "'";
    }
}
