package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.FitData;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.ModelGraph;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Softmax (multinomial logistic) regression: K logits z = X·W + b per row, W d×K and b K, under the mean
 * cross-entropy of the softmax, (1/n)·Σ_i [logsumexp(z_i) − z_{i,y_i}], labels the classes 0 … K−1; a row's
 * predicted class is its largest logit. Parameters {@code weights} (d×K, row-major: feature j's K weights
 * together) then {@code bias} (K), so model i's vector read as a (d+1)×K matrix is [W; b].
 *
 * <p>The k models' logits are one product A·[Θ₁ … Θ_k] (n×(k·K)) with A = [X | 1]. Each row's loss is computed
 * as (m_i − z_{i,y_i}) + log Σ_c exp(z_ic − m_i), m_i the row's largest logit: no exponential overflows whatever
 * the rates do (SameDiff's own log-sum-exp differentiates as exp(z)/Σexp(z), infinite past z ≈ 710), and no row's
 * loss falls below 0 by rounding (both terms are at least 0), where the mean of the log-sum-exps less the mean
 * of the labelled logits, two large numbers, loses a small loss's digits to cancellation (in float32 it showed
 * losses of −1.5e-5 on the wine data). The labelled logit is picked by the labels one-hot. The reference graph is
 * the same with one model.
 */
public final class SoftmaxModel implements ModelFamily {

    @Override
    public Layout layout(ModelSpec spec, int features) {
        int classes = classes(spec);
        return new Layout(List.of(new Layout.Array("weights", "w", new int[] {features, classes}, features),
                new Layout.Array("bias", "b", new int[] {classes}, 0)));
    }

    @Override
    public ModelGraph graph(FitData data, ModelSpec spec, Parameters start, int models, Precision precision) {
        int classes = classes(spec);
        int columns = data.features() + 1;
        return new ModelGraph(data.features(), data.asRows(), start, models, precision, new double[start.size()], 0,
                (graph, theta, inputs) -> {
                    SDVariable side = theta.reshape(columns, classes, models).permute(0, 2, 1)
                            .reshape(columns, (long) models * classes);
                    return crossEntropy(graph, inputs.design().mmul(side).reshape(-1, models, classes), models,
                            classes, inputs);
                });
    }

    /**
     * The k models' mean softmax cross-entropies (1×k) and accuracies of logits n×k×K against the labels, row by
     * row as (m − z_y) + log Σ exp(z − m) (see the class comment); a network of K outputs ends in it too.
     */
    static ModelGraph.Outputs crossEntropy(SameDiff graph, SDVariable logits, int models, int classes,
                                           ModelGraph.Inputs inputs) {
        // the row maximum only keeps exp from overflowing: the loss does not change with it, so its gradient is
        // zero, and it is not differentiated (reduce_max's backward pass, whose terms cancel, took 15 ms of a
        // digits network's 140 ms evaluation)
        SDVariable largest = new StopGradient(graph, logits.max(true, 2)).outputVariable();
        SDVariable spread = graph.math().log(graph.math().exp(logits.sub(largest)).sum(true, 2));
        SDVariable labelled = logits.mul(inputs.oneHotClasses(classes).reshape(-1, 1, classes)).sum(true, 2);
        SDVariable rowLosses = largest.sub(labelled).add(spread).reshape(-1, models);
        SDVariable accuracies = graph.argmax(logits, false, 2).castTo(inputs.type())
                .eq(inputs.labels()).castTo(inputs.type()).mean(true, 0);
        return new ModelGraph.Outputs(rowLosses.mean(true, 0), accuracies);
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
        return ModelSpec.Labels.CLASSES;
    }

    @Override
    public ModelSpec.Loss fixedLoss() {
        return ModelSpec.Loss.CROSS_ENTROPY;
    }

    @Override
    public ModelSpec.Start start() {
        return ModelSpec.Start.ZEROS;
    }

    @Override
    public int defaultRatesPerTask() {
        return RATES_PER_TASK_ON_ROWS;
    }

    private static int classes(ModelSpec spec) {
        if (spec.classes() < 2) {
            throw new IllegalStateException(spec + ": the number of classes is known only once the labels are read");
        }
        return spec.classes();
    }
}
