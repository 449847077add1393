package dev.lrsweep.worker.descent;

/**
 * When a fit counts as diverged: its loss is not finite, or it exceeds {@code factor × L0}, where
 * {@code L0} is the loss at the start point (floored at the smallest normal double so that a start
 * at an exact optimum still has a bound). Gradient descent on a quadratic loss with a rate above
 * its stability limit grows the loss geometrically, so a large factor is reached within a few
 * steps, while stable rates never raise the loss above L0 at all.
 */
public final class DivergenceRule {
    private final double bound;

    DivergenceRule(double factor, double startLoss) {
        this.bound = factor * Math.max(startLoss, Double.MIN_NORMAL);
    }

    boolean hasDiverged(double loss) {
        return !Double.isFinite(loss) || loss > bound;
    }
}
