package dev.lrsweep.driver.output;

import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.worker.descent.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The sweep's results as tables of typed columns: the cells (one row per grid cell, the columns of results.csv) and
 * the curves (one row per recorded step of each run). results.csv, results.parquet, curves.parquet and the Java API's
 * {@code Dataset<Row>} are all written from these; a missing value is null (an empty field in results.csv).
 */
public final class CellTable {

    private CellTable() {
    }

    /** A column's type: text, a double, a whole number, or true/false. */
    public enum Type {
        STRING, DOUBLE, LONG, BOOLEAN
    }

    /**
     * One column.
     *
     * @param name  its name
     * @param type  its values' type
     * @param value its value in a row: a String, Double, Long or Boolean as {@code type} says, or null for none
     */
    public record Column<R>(String name, Type type, Function<R, Object> value) {
    }

    /**
     * The columns of the curves: the run's series and rate, then the step and the loss there (for a schedule over
     * the run's length, the longest budget's run).
     */
    public static final List<Column<CurvePoint>> CURVE_COLUMNS = List.of(
            new Column<>("optimizer", Type.STRING, point -> point.curve().optimizer()),
            new Column<>("schedule", Type.STRING, point -> point.curve().schedule()),
            new Column<>("weight_decay", Type.DOUBLE, point -> point.curve().weightDecay()),
            new Column<>("batch_size", Type.STRING, point -> batchSize(point.curve().batchSize())),
            new Column<>("seed", Type.LONG, point -> whole(point.curve().seed())),
            new Column<>("learning_rate", Type.DOUBLE, point -> point.curve().learningRate()),
            new Column<>("step", Type.LONG, point -> (long) point.curve().steps()[point.index()]),
            new Column<>("loss", Type.DOUBLE, point -> point.curve().loss()[point.index()]));

    /** The recorded step {@code index} of {@code curve}. */
    public record CurvePoint(LossCurve curve, int index) {
    }

    /** Every recorded step of every curve, in grid order. */
    public static List<CurvePoint> curvePoints(SweepRecord record) {
        List<CurvePoint> points = new ArrayList<>();
        for (LossCurve curve : record.curves()) {
            for (int i = 0; i < curve.steps().length; i++) {
                points.add(new CurvePoint(curve, i));
            }
        }
        return points;
    }

    /**
     * The columns of the cells: the cell (its series: optimizer, schedule, weight decay, batch size or {@code full},
     * and seed, none for a full batch; its rate and step count), its loss, where its rate ran a sensitivity twin the twin's relative loss
     * difference and whether that makes it chaotic, for a classifier its accuracy, where the fits measure it the
     * sharpness, with held-out rows its loss (and accuracy) on them, where the exact optimum is known the
     * parameters' relative distance from it, the parameters if there are at most
     * {@value SweepRecord#TABLE_PARAMETERS} (and in original units where the features were standardised), a spike
     * above the start loss (its step and peak) and an unstable run's loss range, and how it ended.
     */
    public static List<Column<CellResult>> cellColumns(SweepRecord record) {
        List<Column<CellResult>> columns = new ArrayList<>(List.of(
                new Column<>("optimizer", Type.STRING, CellResult::optimizer),
                new Column<>("schedule", Type.STRING, CellResult::schedule),
                new Column<>("weight_decay", Type.DOUBLE, CellResult::weightDecay),
                new Column<>("batch_size", Type.STRING, row -> batchSize(row.batchSize())),
                new Column<>("seed", Type.LONG, row -> whole(row.seed())),
                new Column<>("learning_rate", Type.DOUBLE, CellResult::learningRate),
                new Column<>("steps", Type.LONG, row -> (long) row.steps()),
                new Column<>("status", Type.STRING, row -> row.status().label()),
                new Column<>("regime", Type.STRING, row -> row.regime().label()),
                new Column<>("final_loss", Type.DOUBLE, row -> failed(row) ? null : row.finalLoss()),
                new Column<>("excess_loss", Type.DOUBLE, row -> failed(row) ? null : row.excessLoss()),
                new Column<>("sensitivity", Type.DOUBLE, row -> measured(row.sensitivity())),
                new Column<>("chaotic", Type.BOOLEAN, row -> Double.isNaN(row.sensitivity()) ? null : row.chaotic())));
        if (record.classifies()) {
            columns.add(new Column<>("accuracy", Type.DOUBLE, row -> measured(row.accuracy())));
        }
        if (record.measuresSharpness()) {
            columns.add(new Column<>("sharpness", Type.DOUBLE, row -> measured(row.sharpness())));
        }
        if (record.validation() != null) {
            columns.add(new Column<>("validation_loss", Type.DOUBLE, row -> measured(row.validationLoss())));
            if (record.classifies()) {
                columns.add(new Column<>("validation_accuracy", Type.DOUBLE,
                        row -> measured(row.validationAccuracy())));
            }
        }
        if (record.knowsOptimum()) {
            columns.add(new Column<>("parameter_distance", Type.DOUBLE, row -> measured(row.parameterDistance())));
        }
        List<String> names = record.parameterColumns();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            columns.add(new Column<>(names.get(i), Type.DOUBLE, row -> failed(row) ? null : row.parameters()[index]));
        }
        if (record.standardization() != null) {
            for (int i = 0; i < names.size(); i++) {
                int index = i;
                columns.add(new Column<>(names.get(i) + "_original", Type.DOUBLE,
                        row -> failed(row) ? null : row.parametersOriginal()[index]));
            }
        }
        columns.add(new Column<>("spike_at_step", Type.LONG, row -> row.spike() == null ? null
                : (Object) (long) row.spike().step()));
        columns.add(new Column<>("spike_loss", Type.DOUBLE, row -> row.spike() == null ? null
                : row.spike().peakLoss()));
        columns.add(new Column<>("unstable_loss_min", Type.DOUBLE, row -> row.unstableRange() == null ? null
                : row.unstableRange().min()));
        columns.add(new Column<>("unstable_loss_max", Type.DOUBLE, row -> row.unstableRange() == null ? null
                : row.unstableRange().max()));
        columns.add(new Column<>("diverged_at_step", Type.LONG, row -> whole(row.divergedAtStep())));
        columns.add(new Column<>("diverged_because", Type.STRING, row -> row.divergedBecause() == null ? null
                : row.divergedBecause().label()));
        columns.add(new Column<>("message", Type.STRING, CellResult::message));
        return columns;
    }

    private static boolean failed(CellResult row) {
        return row.status() == TrialStatus.FAILED;
    }

    private static Object measured(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Object whole(Integer value) {
        return value == null ? null : (long) value;
    }

    private static String batchSize(Integer batchSize) {
        return batchSize == null ? "full" : batchSize.toString();
    }
}
