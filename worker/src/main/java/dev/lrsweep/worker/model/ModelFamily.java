package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;

/**
 * A model family: its parameters' layout and its loss as a SameDiff graph of k models at once. Adding
 * a family is one class implementing this, and a line in {@link ModelSpec.Kind}.
 */
public interface ModelFamily {

    /** How one model's parameters are laid out on data with {@code features} features. */
    Layout layout(ModelSpec spec, int features);

    /** The graph the fast path descends: {@code models} models at {@code start}, one gradient for all. */
    ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision);

    /**
     * A graph that reads the rows it is fed at each evaluation ({@link ModelGraph#use}), for mini-batches: the
     * fast path's graph where it reads rows, else one that does.
     */
    default ModelGraph rowsGraph(Dataset rows, ModelSpec spec, Parameters start, int models, Precision precision) {
        return graph(rows, spec, start, models, precision);
    }

    /** The naive reference's graph: one model, written the textbook way. */
    ModelGraph referenceGraph(Dataset data, ModelSpec spec, Parameters start, Precision precision);

    /**
     * Builds and runs the family's graph for {@code spec} on a few rows of {@code features} features, before any
     * fit, where a mistake in it could otherwise show only on the executors: a model of your own's. A built-in
     * family's graph has nothing to check.
     *
     * @throws IllegalArgumentException in one line, naming what is wrong
     */
    default void check(ModelSpec spec, int features, Precision precision) {
    }

    /** Whether fits measure the sharpness as they go, having no closed form for it. */
    boolean measuresSharpness();

    /** What labels a model of the family fitted under {@code loss} takes, with {@code outputs} outputs a row. */
    ModelSpec.Labels labels(ModelSpec.Loss loss, int outputs);

    /** The loss the family is always fitted under, or null where the config chooses it. */
    ModelSpec.Loss fixedLoss();

    /** Whether the family has layers. */
    default boolean layered() {
        return false;
    }

    /** How a model of the family starts unless the config says otherwise. */
    ModelSpec.Start start();

    /** Whether fitting needs the rows themselves, not only their {@link Moments}. */
    default boolean readsRows() {
        return true;
    }

    /**
     * Logistic regression and networks step through every row: a step's cost grows with rows × rates, and 8 rates
     * already read each row once for 8 models, so their rates go in tasks of 8 that every core takes a share of.
     */
    int RATES_PER_TASK_ON_ROWS = 8;

    /** How many learning rates one task fits together in one graph unless the config says otherwise. */
    int defaultRatesPerTask();
}
