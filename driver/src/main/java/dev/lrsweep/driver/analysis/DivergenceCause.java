package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a cell counts as diverged: what its run did first. */
public enum DivergenceCause {
    /** The loss rose above the loss it started from. */
    ROSE_ABOVE_START("loss rose above its start"),
    /** The loss passed the divergence bound, {@code divergence_factor} × the start loss. */
    PASSED_BOUND("loss passed the divergence bound"),
    /** The loss was NaN or infinite. */
    NOT_FINITE("loss was not finite");

    private final String words;

    DivergenceCause(String words) {
        this.words = words;
    }

    /** The name in result files: {@code rose_above_start}, {@code passed_bound}, {@code not_finite}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause with this label. */
    @JsonCreator
    public static DivergenceCause ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** In plain words with the step, e.g. {@code loss rose above its start at step 3}. */
    public String atStep(int step) {
        return words + " at step " + step;
    }
}
