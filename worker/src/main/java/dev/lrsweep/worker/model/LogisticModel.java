package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;

/**
 * Logistic regression: logit z = X·w + b under binary cross-entropy, parameters {@code weights} (d)
 * and {@code bias}, labels 0 or 1. The k models' logits are one product A·Θ (n×k) with A = [X | 1];
 * the reference graph is the same with one model.
 */
public final class LogisticModel implements ModelFamily {

    @Override
    public Layout layout(ModelSpec spec, int features) {
        return LinearModel.weightsAndBias(features);
    }

    @Override
    public ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision) {
        return new ModelGraph(data.features(), data.asRows(), start, models, precision, new double[start.size()], 0, (graph, theta, inputs) -> {
            var logits = inputs.design().mmul(theta);
            return new ModelGraph.Outputs(spec.loss().perModel(graph, logits, inputs),
                    ModelGraph.logitAccuracies(logits, inputs));
        });
    }

    @Override
    public ModelGraph referenceGraph(Dataset data, ModelSpec spec, Parameters start, Precision precision) {
        return graph(data, spec, start, 1, precision);
    }

    @Override
    public boolean measuresSharpness() {
        return false;
    }

    @Override
    public ModelSpec.Labels labels(ModelSpec.Loss loss, int outputs) {
        return ModelSpec.Labels.BINARY;
    }

    @Override
    public ModelSpec.Loss fixedLoss() {
        return ModelSpec.Loss.CROSS_ENTROPY;
    }

    @Override
    public ModelSpec.Start start() {
        return ModelSpec.Start.WEIGHTS_AND_BIAS;
    }

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_ROWS;
    }
}
