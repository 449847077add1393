package dev.lrsweep.worker.optimizer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one step moves every model of a batch given its gradient: the optimizer. The parameters and the
 * gradient are (parameters per model)×k, one column per model; each model steps at its own rate. A rule
 * with state (momentum, Adam) keeps it per model, and forgets a model's state when that model is frozen.
 */
public interface UpdateRule {
    /**
     * Moves every model one step.
     *
     * @param parameters the models' parameters, measured from {@code origin}, updated in place
     * @param gradient   the loss's gradient with respect to them
     * @param rates      1×k, each model's learning rate (0 for a frozen model)
     * @param origin     p×1, the point the parameters are measured from, or null for 0: weight decay pulls the
     *                   parameters themselves, not their offset, towards 0
     */
    void step(INDArray parameters, INDArray gradient, INDArray rates, INDArray origin);

    /** Forgets what the rule remembers of one model: it was frozen where it diverged. */
    void reset(int model);

    /**
     * Makes model {@code to} remember what {@code source}, a rule of the same optimizer, remembers of its model
     * {@code from}, with {@code source}'s step count: a model carried from one graph to another goes on as it was.
     */
    void copyMemory(UpdateRule source, int from, int to);
}
