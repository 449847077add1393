package dev.lrsweep.driver.analysis;

import java.util.Locale;

/** What happened in a grid cell, by the rules of {@link RegimeRules}. */
public enum Regime {
    /** Finite, still far from the optimum, loss falling steadily: the rate is too small for the step budget. */
    UNDERSHOOT("too slow"),
    /** Within tolerance of the optimal loss. */
    CONVERGED("converges"),
    /** Not converged, and the run keeps turning back across the minimum without blowing up: near or at the limit. */
    OSCILLATING("oscillates"),
    /** Non-finite, past the divergence bound, or above the loss it started from: exploding. */
    DIVERGED("diverges"),
    /** The fit threw; there is no regime to tell. */
    FAILED("fails");

    private final String verb;

    Regime(String verb) {
        this.verb = verb;
    }

    /** The name in result files: {@code undershoot}, {@code converged}, …. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Plain words for a verdict: "too slow", "converges", …. */
    public String verb() {
        return verb;
    }

    /** The regime with this label. */
    public static Regime ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
