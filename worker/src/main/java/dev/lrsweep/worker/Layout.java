package dev.lrsweep.worker;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one model's parameters are laid out: named arrays, in order, each flattened row-major into one
 * vector of {@link #size()} values. A model family says its layout (see {@link dev.lrsweep.worker.model.ModelSpec#layout});
 * everything else (start points, fitted states, files and reports) goes by it.
 *
 * @param arrays the arrays, in the order their values appear in the vector
 */
public record Layout(List<Layout.Array> arrays) implements Serializable {

    /** Copies the list. */
    public Layout {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("a layout needs at least one array");
        }
        arrays = List.copyOf(arrays);
        long size = arrays.stream().mapToLong(Array::values).sum();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("its arrays hold " + size + " values, more than one vector holds ("
                    + Integer.MAX_VALUE + ")");
        }
    }

    /**
     * One named array.
     *
     * @param name       its name in files: {@code weights}, {@code bias}, {@code W1}, {@code b1}, …
     * @param columnStem the start of its values' column names in tables ({@code w} gives w0, w1, …)
     * @param shape      {@code []} for a scalar, {@code [n]} for a vector, {@code [rows, cols]} for a matrix
     * @param fanIn      for weights, the number of inputs each output sums; 0 for a bias
     * @param fanOut     for weights, the number of outputs each input reaches (a convolution's filters × kernel
     *                   area); 0 for a bias. {@link InitScheme}s draw from both
     */
    public record Array(String name, String columnStem, int[] shape, int fanIn, int fanOut) implements Serializable {
        /** Copies the shape. */
        public Array {
            if (shape.length > 2 || Arrays.stream(shape).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("array " + name + " has shape " + Arrays.toString(shape));
            }
            shape = shape.clone();
            if (values(shape) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("array " + name + " has shape " + Arrays.toString(shape) + ": "
                        + values(shape) + " values, more than one array holds (" + Integer.MAX_VALUE + ")");
            }
        }

        /** The values of a shape of at most two sides of at most {@link Integer#MAX_VALUE}: never overflows. */
        private static long values(int[] shape) {
            long values = 1;
            for (int n : shape) {
                values *= n;
            }
            return values;
        }

        /** How many values it holds, as a long (the layout's check sums them). */
        private long values() {
            return values(shape);
        }

        /** An array of weights whose every input reaches {@code size / fanIn} outputs, or of biases (fanIn 0). */
        public Array(String name, String columnStem, int[] shape, int fanIn) {
            this(name, columnStem, shape, fanIn, fanIn == 0 ? 0 : (int) (values(shape) / fanIn));
        }

        /** A scalar. */
        public static Array scalar(String name) {
            return new Array(name, name, new int[0], 0);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** How many values it holds. */
        public int size() {
            return (int) values(shape);
        }

        /** Whether it holds weights, not biases. */
        public boolean holdsWeights() {
            return fanIn > 0;
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
            return name + Arrays.toString(shape);
        }
    }

    /** How many values one model has. */
    public int size() {
        return arrays.stream().mapToInt(Array::size).sum();
    }

    /** Where array {@code index}'s values start in the vector. */
    public int offset(int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += arrays.get(i).size();
        }
        return offset;
    }

    /** The array called {@code name}'s index, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < arrays.size(); i++) {
            if (arrays.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A column name for each value, in vector order: the scalar's name, w0 …, W1_0_0, W1_0_1, …. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Array array : arrays) {
            int[] shape = array.shape();
            if (shape.length == 0) {
                names.add(array.columnStem());
            } else if (shape.length == 1) {
                for (int i = 0; i < shape[0]; i++) {
                    names.add(array.columnStem() + i);
                }
            } else {
                for (int r = 0; r < shape[0]; r++) {
                    for (int c = 0; c < shape[1]; c++) {
                        names.add(array.columnStem() + r + "_" + c);
                    }
                }
            }
        }
        return names;
    }
}
