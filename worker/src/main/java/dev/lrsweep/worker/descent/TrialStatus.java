package dev.lrsweep.worker.descent;

/** How a fit ended at a given step count. */
public enum TrialStatus {
    /** The loss stayed finite and within the divergence bound. */
    OK,
    /** The loss became non-finite or grew past the divergence bound; the fit stopped there. */
    DIVERGED,
    /** The fit threw an exception; its message is kept. */
    FAILED;

    /** The name used in result files: {@code ok}, {@code diverged} or {@code failed}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
