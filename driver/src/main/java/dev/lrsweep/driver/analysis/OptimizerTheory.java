package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.optimizer.Optimizer;

/**
 * The stability limit of each optimizer on a quadratic loss with Hessian eigenvalues up to λ_max: exact for
 * linear least squares, and near a minimum for any loss (where the loss is nearly its quadratic). Along an
 * eigenvector with eigenvalue λ each optimizer is a linear recurrence in a = lr·λ, stable iff every root of its
 * characteristic polynomial lies inside the unit circle (Jury's conditions):
 * <ul>
 *   <li>gd: e ← (1 − a)·e, stable iff a &lt; 2: lr &lt; 2/λ_max;</li>
 *   <li>heavy-ball momentum β (PyTorch's SGD): z² − (1 + β − a)·z + β, stable iff a &lt; 2(1 + β):
 *       lr &lt; 2(1 + β)/λ_max (Polyak 1964);</li>
 *   <li>Nesterov β (PyTorch's form): z² − (1 + β − a(1 + β))·z + β(1 − a), stable iff a &lt; 2(1 + β)/(1 + 2β):
 *       lr &lt; 2(1 + β)/((1 + 2β)·λ_max);</li>
 *   <li>Adam: its step is divided by the running root mean square of the gradient, so no fixed rate bounds it
 *       on a quadratic: no closed limit, measured only.</li>
 * </ul>
 */
public final class OptimizerTheory {

    private OptimizerTheory() {
    }

    /** The optimizer's limit, from gd's 2/λ_max; null where gd has none or the optimizer has no closed limit. */
    public static Double lrCritical(Optimizer optimizer, Double gdCritical) {
        if (gdCritical == null) {
            return null;
        }
        double beta = optimizer.beta();
        return switch (optimizer.kind()) {
            case GD -> gdCritical;
            case MOMENTUM -> (1 + beta) * gdCritical;
            case NESTEROV -> (1 + beta) / (1 + 2 * beta) * gdCritical;
            case ADAM, ADAMW -> null;
        };
    }

    /** The limit's formula in words, or what there is instead. */
    public static String formula(Optimizer optimizer) {
        return switch (optimizer.kind()) {
            case GD -> "2/λ_max";
            case MOMENTUM -> "2(1+β)/λ_max";
            case NESTEROV -> "2(1+β)/((1+2β)·λ_max)";
            case ADAM, ADAMW -> "no closed limit: measured only";
        };
    }
}
