package dev.lrsweep.worker.descent;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The steps of a run whose loss and reversal flag are kept, so that a recorded curve stays bounded
 * whatever the step count: every step up to {@value #DENSE}; {@value #LOG_SPACED} more spaced
 * evenly in log(step) from there to the largest step count; and at each requested step count s,
 * the {@code window} steps s − window + 1 … s that the regime rules look at. At most
 * {@value #DENSE} + 1 + {@value #LOG_SPACED} + (step counts × window) steps, whatever s is.
 */
public final class KeptSteps {
    /** Every step up to this one is kept. */
    public static final int DENSE = 100;
    /** How many log-spaced steps are kept beyond {@link #DENSE}. */
    public static final int LOG_SPACED = 200;

    private KeptSteps() {
    }

    /** The kept steps of a run to the largest of {@code stepCounts}, ascending, without repeats. */
    public static int[] of(int[] stepCounts, int window) {
        int last = stepCounts[stepCounts.length - 1];
        IntStream dense = IntStream.rangeClosed(0, Math.min(last, DENSE));
        IntStream logSpaced = last <= DENSE ? IntStream.empty() : IntStream.rangeClosed(1, LOG_SPACED)
                .map(i -> (int) Math.round(DENSE * Math.pow((double) last / DENSE, (double) i / LOG_SPACED)));
        IntStream windows = Arrays.stream(stepCounts)
                .flatMap(s -> IntStream.rangeClosed(Math.max(0, s - window + 1), s));
        return IntStream.concat(IntStream.concat(dense, logSpaced), windows).distinct().sorted().toArray();
    }
}
