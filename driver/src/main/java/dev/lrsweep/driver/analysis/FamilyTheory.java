package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.LeastSquares;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;

/**
 * What theory knows of each model family, one constant per family of {@link ModelSpec.Kind} and of the same name:
 * the family chooses its theory ({@link #of(ModelSpec)}), no switch on the kind does.
 */
public enum FamilyTheory {
    /** Linear least squares: the exact solution from the rows or their moments, and the descent in closed form. */
    LINEAR {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            LeastSquares exact = rows.rows() != null ? LeastSquares.of(rows.rows()) : LeastSquares.of(rows.moments());
            QuadraticDescent descent = QuadraticDescent.of(exact);
            return new Known(LinearTheory.of(exact, descent, start.layout()), descent);
        }

        @Override
        public RegularisedOptimum decayed(FittedRows rows, ModelSpec model, Parameters start, Known known,
                                          double[] decay) {
            return known.descent().ridge(decay, known.theory().optimalLoss());
        }
    },
    /** Logistic regression: Newton's optimum, from the rows on the driver or by passes over the slices. */
    LOGISTIC {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            return new Known(NewtonTheory.of(rows.passes(), new LogisticSums(start.values(), NewtonSums.Need.LOSS),
                    start.layout(), start), null);
        }

        @Override
        public RegularisedOptimum decayed(FittedRows rows, ModelSpec model, Parameters start, Known known,
                                          double[] decay) {
            return NewtonTheory.regularised(rows.passes(), new LogisticSums(start.values(), NewtonSums.Need.LOSS),
                    decay, start);
        }
    },
    /** A network: no closed form; its fits measure the sharpness. */
    MLP {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            return new Known(NetworkTheory.of(), null);
        }
    },
    /** Softmax regression: Newton's optimum across the flat directions, as logistic regression's. */
    SOFTMAX {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            return new Known(NewtonTheory.of(rows.passes(), new SoftmaxSums(start.values(), model.classes(),
                    NewtonSums.Need.LOSS), start.layout(), start), null);
        }

        @Override
        public RegularisedOptimum decayed(FittedRows rows, ModelSpec model, Parameters start, Known known,
                                          double[] decay) {
            return NewtonTheory.regularised(rows.passes(), new SoftmaxSums(start.values(), model.classes(),
                    NewtonSums.Need.LOSS), decay, start);
        }
    },
    /** A network of {@code model.layers}: an mlp's theory. */
    NETWORK {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            return MLP.of(rows, model, start);
        }
    },
    /**
     * A model of your own: its loss is whatever its class builds, so theory knows no optimum, optimal loss or
     * stability limit, as for a network; its fits measure the sharpness.
     */
    CUSTOM {
        @Override
        public Known of(FittedRows rows, ModelSpec model, Parameters start) {
            return new Known(NetworkTheory.of(), null);
        }
    };

    /**
     * The rows the model is fitted on, as theory can read them.
     *
     * @param rows    the rows on the driver, or null where they stay on the executors
     * @param moments their moments (A = [X | 1]: AᵀA, Aᵀy, yᵀy), always known
     * @param passes  passes over the rows, wherever they are; null where only their moments are known
     */
    public record FittedRows(Dataset rows, Moments moments, RowPasses passes) {
    }

    /**
     * What theory knows.
     *
     * @param theory  the sweep's theory
     * @param descent gradient descent in closed form (least squares), else null
     */
    public record Known(Theory theory, QuadraticDescent descent) {
    }

    /** The theory of a sweep of {@code model}, of this family, on {@code rows}, its fits starting at {@code start}. */
    public abstract Known of(FittedRows rows, ModelSpec model, Parameters start);

    /**
     * Where descent with coupled weight decay {@code decay} (each parameter's λ) settles, and gd's limit there: the
     * ridge solution for least squares, Newton's optimum of the regularised loss for logistic and softmax
     * regression; null for a family whose optimum theory does not know (a network, a model of one's own), or where
     * Newton does not settle.
     *
     * @param known what {@link #of} found on the same rows
     */
    public RegularisedOptimum decayed(FittedRows rows, ModelSpec model, Parameters start, Known known,
                                      double[] decay) {
        return null;
    }

    /** The theory of the model's family. */
    public static FamilyTheory of(ModelSpec model) {
        return valueOf(model.kind().name());
    }
}
