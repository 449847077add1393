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
    /**
     * Within tolerance of the optimal loss after rising above the loss it started from: a spike and a fall, as in
     * the catapult phase of networks (Lewkowycz et al. 2020) or logistic regression past its smoothness bound.
     */
    CONVERGED_AFTER_SPIKE,
    /** Not converged, and the run keeps turning back across the minimum without blowing up: near or at the limit. */
    OSCILLATING,
    /** Rose above the loss it started from and has not settled back below it: bounded, but wandering. */
    UNSTABLE,
    /**
     * Rose above the loss it started from, then stopped far from the floor: its loss flat to rounding over the last
     * steps, or repeating a short cycle. The spike threw it where descent cannot leave, as a network whose units died
     * (its outputs then give the class shares whatever the input, and at a large rate its output bias alone cycles).
     */
    STALLED,
    /**
     * Non-finite or past the divergence bound: exploding; for linear least squares also any rise above the start
     * (see {@link RegimeRules}).
     */
    DIVERGED,
    /** The fit threw; there is no regime to tell. */
    FAILED;

    /** Whether the run reached the floor: {@code converged}, with or without a spike on the way. */
    public boolean converged() {
        return this == CONVERGED || this == CONVERGED_AFTER_SPIKE;
    }

    /** Whether the cell has no loss worth ranking: diverged or failed. */
    public boolean lost() {
        return this == DIVERGED || this == FAILED;
    }

    /** In plain words: {@code converged after a spike}, {@code stalled after a spike}, {@code unstable}, …. */
    public String words() {
        return this == CONVERGED_AFTER_SPIKE ? "converged after a spike"
                : this == STALLED ? "stalled after a spike" : label();
    }

    /** Whether the rate overshot without blowing up: unstable, or stalled after its spike. */
    public boolean overshot() {
        return this == UNSTABLE || this == STALLED;
    }

    /** The name in result files: {@code undershoot}, {@code converged}, {@code converged_after_spike}, …. */
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
