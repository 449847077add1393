package dev.lrsweep.driver.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Faults injected on purpose, to prove that a sweep survives them; off unless a Spark setting asks.
 * Like any Spark setting they can be given in {@code spark.settings} or with {@code --conf}.
 *
 * @param failFirstAttempt {@value #FAIL_FIRST_ATTEMPT}: every task's first attempt throws, so
 *                         Spark must retry it (needs {@code spark.task.maxFailures} ≥ 2, or
 *                         {@code local[N,F]} with F ≥ 2); in data parallelism's served slices the stage's
 *                         first attempt fails mid-fit (its first task after two answers), so Spark must run
 *                         the stage again
 * @param failingRate      {@value #FAILING_RATE}: every fit of this learning rate throws, so its
 *                         cells are {@code failed}; NaN for none
 * @param exhaustMemory    {@value #EXHAUST_MEMORY}: every task fills its JVM's heap until it is out of memory,
 *                         as a task whose model outgrows its executor would
 */
public record FaultInjection(boolean failFirstAttempt, double failingRate, boolean exhaustMemory)
        implements Serializable {
    static final String FAIL_FIRST_ATTEMPT = "spark.lrsweep.fault.failFirstAttempt";
    static final String FAILING_RATE = "spark.lrsweep.fault.failingRate";
    static final String EXHAUST_MEMORY = "spark.lrsweep.fault.exhaustMemory";

    public static FaultInjection of(SparkConf conf) {
        return new FaultInjection(conf.getBoolean(FAIL_FIRST_ATTEMPT, false), conf.getDouble(FAILING_RATE, Double.NaN),
                conf.getBoolean(EXHAUST_MEMORY, false));
    }

    /** Fills the heap until the JVM throws {@link OutOfMemoryError}. */
    static void fillHeap() {
        List<long[]> held = new ArrayList<>();
        while (true) {
            held.add(new long[1 << 20]);
        }
    }
}
