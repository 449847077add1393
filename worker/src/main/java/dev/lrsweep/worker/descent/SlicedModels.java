package dev.lrsweep.worker.descent;

import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.UpdateRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The k models of a descent whose rows are held elsewhere in slices: the parameters live here, and each
 * evaluation asks every slice for its sums at them ({@link RowSums}); the means of those sums are the
 * full-batch losses and gradients, equal to a {@link ModelGraph}'s on all the rows up to the order of
 * summation. Parameters are measured from 0.
 */
public final class SlicedModels implements DescentModels {
    private final RowSums rows;
    private final ModelSpec model;
    private final int features;
    private final Layout layout;
    private final Precision precision;
    private final INDArray theta;

    /** The first {@code models} models of the batch's graph ({@link TrialBatch#models()}): its runs, then its twins. */
    SlicedModels(RowSums rows, int features, TrialBatch batch, int models) {
        if (!batch.model().readsRows()) {
            throw new IllegalArgumentException(batch.model() + " is fitted on the moments of the rows, not on slices");
        }
        this.rows = rows;
        this.model = batch.model();
        this.features = features;
        this.layout = batch.start().layout();
        this.precision = batch.precision();
        theta = Nd4j.zeros(precision.dataType(), layout.size(), models);
        for (int i = 0; i < models; i++) {
            setParameters(i, batch.start());
        }
    }

    private SliceSums sum(SliceRequest.Sum sum) {
        return rows.sum(new SliceRequest(model, features, (int) theta.columns(), precision,
                DescentModels.rowMajor(theta), sum));
    }

    @Override
    public Evaluation evaluate() {
        SliceSums sums = sum(SliceRequest.Sum.GRADIENTS);
        INDArray gradient = Nd4j.create(sums.meanGradients(), theta.shape(), DataType.DOUBLE)
                .castTo(precision.dataType());
        return new Evaluation(sums.meanLosses(), gradient);
    }

    @Override
    public void step(UpdateRule rule, INDArray rates, Evaluation at) {
        rule.step(theta, at.gradient(), rates, null);
    }

    @Override
    public boolean classifies() {
        return model.classifies();
    }

    @Override
    public double[] accuracies() {
        return sum(SliceRequest.Sum.CORRECT).accuracies();
    }

    @Override
    public void setParameters(int model, Parameters parameters) {
        DescentModels.putColumn(theta, model, parameters, new double[layout.size()]);
    }

    @Override
    public Parameters parametersOf(int model) {
        return DescentModels.column(theta, model, layout, new double[layout.size()]);
    }

    @Override
    public INDArray parameterMatrix() {
        return theta;
    }

    @Override
    public Precision precision() {
        return precision;
    }
}
