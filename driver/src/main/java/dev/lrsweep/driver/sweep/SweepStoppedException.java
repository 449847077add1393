package dev.lrsweep.driver.sweep;

/** A sweep that stopped on an error after it started fitting; the batches it finished are in its journal. */
public final class SweepStoppedException extends RuntimeException {
    private final int batchesKept;

    SweepStoppedException(Throwable cause, int batchesKept) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        this.batchesKept = batchesKept;
    }

    /** How many finished batches the journal keeps for {@code --resume}. */
    public int batchesKept() {
        return batchesKept;
    }
}
