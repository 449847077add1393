package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened in a grid cell, by the rules of {@link RegimeRules}. */
public enum Regime {
    /** Finite, still far from the optimum, loss falling steadily: the rate is too small for the step budget. */
    UNDERSHOOT,
    /** Within tolerance of the optimal loss. */
    CONVERGED,
    /** Not converged, and the run keeps turning back across the minimum without blowing up: near or at the limit. */
    OSCILLATING,
    /** Non-finite, past the divergence bound, or above the loss it started from: exploding. */
    DIVERGED,
    /** The fit threw; there is no regime to tell. */
    FAILED;

    /** The name in result files: {@code undershoot}, {@code converged}, …. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The regime with this label. */
    @JsonCreator
    public static Regime ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
