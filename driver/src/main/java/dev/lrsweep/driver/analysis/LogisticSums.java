package dev.lrsweep.driver.analysis;

import dev.lrsweep.worker.Dataset;

/**
 * Logistic regression's {@link NewtonSums}: with A = [X | 1] and p = sigmoid(A·θ), the cross-entropy
 * softplus(z) − y·z, its gradient Aᵀ(p − y) and Hessian AᵀDA with D = diag(p(1 − p)).
 */
public final class LogisticSums extends NewtonSums<LogisticSums> {

    /** Empty sums at θ (d + 1 values: the weights, then the bias). */
    public LogisticSums(double[] theta, Need need) {
        super(theta, need, theta.length);
    }

    @Override
    public LogisticSums at(double[] theta, Need need) {
        return new LogisticSums(theta, need);
    }

    @Override
    public double gramBound() {
        return 0.25;
    }

    @Override
    public LogisticSums add(Dataset rows) {
        int d = rows.features();
        int columns = d + 1;
        double[] x = rows.x();
        double[] y = rows.y();
        double[] a = new double[columns];
        a[d] = 1;
        for (int i = 0; i < rows.rows(); i++) {
            System.arraycopy(x, i * d, a, 0, d);
            double z = 0;
            for (int j = 0; j < columns; j++) {
                z += a[j] * theta[j];
            }
            addRow(Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z, (2 * y[i] - 1) * z > 0);
            if (need == Need.LOSS) {
                continue;
            }
            double p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            double weight = need == Need.GRAM ? 1 : p * (1 - p);
            for (int j = 0; j < columns; j++) {
                if (need == Need.HESSIAN) {
                    addGradient(j, (p - y[i]) * a[j]);
                }
                double wa = weight * a[j];
                for (int l = 0; l <= j; l++) {
                    addMatrix(j, l, wa * a[l]);
                }
            }
        }
        count(rows.rows());
        return this;
    }
}
