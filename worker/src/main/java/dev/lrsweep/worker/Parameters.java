package dev.lrsweep.worker;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's parameters: the values of a {@link Layout}'s arrays, in its order.
 *
 * <p>In files they are a tree with one entry per array, a number for a scalar, a list for a vector and
 * a list of rows for a matrix: {@code {"weights": [...], "bias": b}} for a linear or logistic model,
 * {@code {"W1": [[...]], "b1": [...], "W2": [...], "b2": b}} for a network with one hidden layer.
 *
 * @param layout what the values are
 * @param values the values, {@code layout.size()} of them (a diverged fit's may be non-finite)
 */
public record Parameters(Layout layout, double[] values) implements Serializable {

    /** Checks the count; copies the values. */
    public Parameters {
        if (values.length != layout.size()) {
            throw new IllegalArgumentException(values.length + " values for a layout of " + layout.size());
        }
        values = values.clone();
    }

    /** Every value {@code value}. */
    public static Parameters filled(Layout layout, double value) {
        double[] values = new double[layout.size()];
        Arrays.fill(values, value);
        return new Parameters(layout, values);
    }

    /**
     * Reads parameters from a tree as files hold them (numbers, lists of numbers, lists of rows), or as
     * {@link #toTree()} gives it (numbers, arrays of numbers, arrays of rows).
     *
     * @throws IllegalArgumentException naming the array, if one is missing, unknown, of the wrong shape or not finite
     */
    public static Parameters fromTree(Layout layout, Map<String, ?> tree) {
        for (String name : tree.keySet()) {
            if (layout.indexOf(name) < 0) {
                throw new IllegalArgumentException("unknown array '" + name + "' (expected " + names(layout) + ")");
            }
        }
        double[] values = new double[layout.size()];
        int at = 0;
        for (Layout.Array array : layout.arrays()) {
            Object value = tree.get(array.name());
            if (value == null) {
                throw new IllegalArgumentException("missing array '" + array.name() + "' (expected " + names(layout)
                        + ")");
            }
            for (double v : flatten(array, value)) {
                values[at++] = v;
            }
        }
        return new Parameters(layout, values);
    }

    private static String names(Layout layout) {
        return String.join(", ", layout.arrays().stream().map(Layout.Array::toString).toList());
    }

    private static double[] flatten(Layout.Array array, Object value) {
        int[] shape = array.shape();
        String name = array.name();
        if (shape.length == 0) {
            return new double[] {number(name, value)};
        }
        List<?> outer = list(name, value, shape[0], shape.length == 1 ? "values" : "rows");
        double[] flat = new double[array.size()];
        for (int r = 0; r < shape[0]; r++) {
            if (shape.length == 1) {
                flat[r] = number(name + "[" + r + "]", outer.get(r));
            } else {
                List<?> row = list(name + "[" + r + "]", outer.get(r), shape[1], "values");
                for (int c = 0; c < shape[1]; c++) {
                    flat[r * shape[1] + c] = number(name + "[" + r + "][" + c + "]", row.get(c));
                }
            }
        }
        return flat;
    }

    private static List<?> list(String name, Object value, int expected, String what) {
        Object listed = value instanceof double[] values ? Arrays.stream(values).boxed().toList()
                : value instanceof double[][] rows ? Arrays.asList(rows) : value;
        if (!(listed instanceof List<?> list)) {
            throw new IllegalArgumentException(name + ": " + value + " is not a list of " + expected + " " + what);
        }
        if (list.size() != expected) {
            throw new IllegalArgumentException(name + ": " + list.size() + " " + what + ", expected " + expected);
        }
        return list;
    }

    private static double number(String name, Object value) {
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new IllegalArgumentException(name + ": " + value + " is not a finite number");
        }
        return number.doubleValue();
    }

    /** The parameters as a tree, in the layout's order: a Double, a double[] or a double[][] per array. */
    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        int at = 0;
        for (Layout.Array array : layout.arrays()) {
            int[] shape = array.shape();
            if (shape.length == 0) {
                tree.put(array.name(), values[at]);
            } else if (shape.length == 1) {
                tree.put(array.name(), Arrays.copyOfRange(values, at, at + shape[0]));
            } else {
                List<double[]> rows = new ArrayList<>();
                for (int r = 0; r < shape[0]; r++) {
                    rows.add(Arrays.copyOfRange(values, at + r * shape[1], at + (r + 1) * shape[1]));
                }
                tree.put(array.name(), rows.toArray(double[][]::new));
            }
            at += array.size();
        }
        return tree;
    }

    /** How many values there are. */
    public int size() {
        return values.length;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The values without a copy; callers must not modify the array. */
    public double[] valuesNoCopy() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return ArrayRecords.equal(this, o);
    }

    @Override
    public int hashCode() {
        return ArrayRecords.hash(this);
    }

    @Override
    public String toString() {
        return "Parameters" + toTree().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof double[] v ? Arrays.toString(v)
                        : e.getValue() instanceof double[][] m ? Arrays.deepToString(m) : e.getValue()))
                .toList();
    }
}
