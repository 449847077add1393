package dev.lrsweep.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;

/**
 * Equality and hash codes by content for records that hold arrays: a record's own equals compares
 * array components by identity, so such records use these instead, component by component (arrays by
 * their elements, doubles as {@link Double#compare} does, so NaN equals NaN).
 */
public final class ArrayRecords {
    private ArrayRecords() {
    }

    /** Whether {@code other} is a record of the same class whose components equal {@code record}'s by content. */
    public static boolean equal(Record record, Object other) {
        if (other == null || other.getClass() != record.getClass()) {
            return false;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (!Objects.deepEquals(value(component, record), value(component, (Record) other))) {
                return false;
            }
        }
        return true;
    }

    /** A hash code consistent with {@link #equal}. */
    public static int hash(Record record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i], record);
        }
        return Arrays.deepHashCode(values);
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
