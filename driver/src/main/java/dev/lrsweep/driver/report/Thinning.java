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
}
