package dev.lrsweep.driver.data;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.model.ModelSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes of a label column, numbered 0 … K−1 for a model of {@link ModelSpec.Labels#CLASSES}: labels that
 * are all integers are numbered in numeric order (0 … K−1 stay themselves; 1, 2, 3 become 0, 1, 2), any other
 * labels as text in sorted order (Java's {@link String#compareTo}, by UTF-16 code unit). The names, in
 * class order, go to results.json so that class i can be read back.
 *
 * @param names     the classes' names in class order
 * @param metLabels the distinct labels as they were met (the {@code seen} list given to {@link #of})
 * @param numbering for each label met, its class
 */
public record ClassLabels(List<String> names, List<String> metLabels, int[] numbering) {

    /**
     * Numbers the distinct labels met.
     *
     * @param seen   the distinct labels, as text, in any order
     * @param key    the config key naming the label column, for messages
     * @param source the file or table, for messages
     * @throws SweepInputException for fewer than 2 classes, or for numeric labels that are not integers
     */
    public static ClassLabels of(List<String> seen, String key, String source) {
        if (seen.size() < 2) {
            throw new SweepInputException(key + ": " + source + " has " + (seen.isEmpty() ? "no label"
                    : "one class, '" + seen.get(0) + "'") + "; a softmax model needs at least 2 classes");
        }
        boolean numeric = seen.stream().allMatch(ClassLabels::isNumber);
        Comparator<String> order = numeric ? Comparator.comparing(BigDecimal::new) : Comparator.naturalOrder();
        // equal numbers written differently ("1", "1.0") are one class
        Map<String, Integer> classes = new TreeMap<>(order);
        for (String label : seen) {
            if (numeric && new BigDecimal(label).stripTrailingZeros().scale() > 0) {
                throw new SweepInputException(key + ": " + source + " has label " + label + ", but a softmax model's "
                        + "classes are integers or text");
            }
            classes.put(label, 0);
        }
        if (classes.size() < 2) {
            throw new SweepInputException(key + ": " + source + " has one class, '" + seen.get(0)
                    + "'; a softmax model needs at least 2 classes");
        }
        List<String> names = new ArrayList<>();
        for (String label : classes.keySet()) {
            classes.put(label, names.size());
            names.add(numeric ? new BigDecimal(label).stripTrailingZeros().toPlainString() : label);
        }
        int[] numbering = new int[seen.size()];
        for (int i = 0; i < numbering.length; i++) {
            numbering[i] = classes.get(seen.get(i));
        }
        return new ClassLabels(List.copyOf(names), List.copyOf(seen), numbering);
    }

    /**
     * Refuses a label column of more than {@value ModelSpec#MAX_CLASSES} distinct labels, once {@code distinct}
     * exceed it.
     */
    public static void checkCount(int distinct, String key, String source) {
        if (distinct > ModelSpec.MAX_CLASSES) {
            throw new SweepInputException(key + ": " + source + " has more than " + ModelSpec.MAX_CLASSES
                    + " distinct labels; a softmax model takes 2 to " + ModelSpec.MAX_CLASSES + " classes");
        }
    }

    private static boolean isNumber(String label) {
        try {
            new BigDecimal(label);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
