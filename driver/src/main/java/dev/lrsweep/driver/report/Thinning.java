package dev.lrsweep.driver.report;

import java.util.stream.IntStream;

/** Which items a chart or table keeps of more than it can show: evenly spaced ones, the first and the last always among them. */
final class Thinning {
    private Thinning() {
    }

    /** Indices into {@code count} items: all of them, or {@code limit} evenly spaced ones. */
    static int[] evenly(int count, int limit) {
        if (count <= limit) {
            return IntStream.range(0, count).toArray();
        }
        return IntStream.range(0, limit).map(i -> (int) Math.round(i * (count - 1.0) / (limit - 1))).toArray();
    }

    /**
     * Whole numbers from {@code first} to {@code last} (both at least 1): all of them, or at most
     * {@code limit} evenly spaced on a log scale, as they are drawn on a log axis.
     */
    static int[] logEvenly(int first, int last, int limit) {
        if (last - first + 1 <= limit) {
            return IntStream.rangeClosed(first, last).toArray();
        }
        double from = Math.log(first);
        double step = (Math.log(last) - from) / (limit - 1);
        return IntStream.range(0, limit).map(i -> i == limit - 1 ? last : (int) Math.round(Math.exp(from + i * step)))
                .distinct().toArray();
    }
}
