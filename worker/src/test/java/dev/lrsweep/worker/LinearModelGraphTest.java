package dev.lrsweep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

class LinearModelGraphTest {

    /** SameDiff's gradient equals the analytic MSE gradient (2/n)·Aᵀ(A·θ − y), A = [X | 1], at random points. */
    @RepeatedTest(5)
    void autodiffGradientsEqualTheAnalyticMeanSquaredErrorGradient(org.junit.jupiter.api.RepetitionInfo repetition) {
        Random random = new Random(100 + repetition.getCurrentRepetition());
        int n = 37;
        int d = 3;
        int models = 4;
        Dataset data = TestData.linear(n, new double[] {0.5, -1, 2}, 0.3, 0.2, repetition.getCurrentRepetition());
        LinearModelGraph graph = new LinearModelGraph(data, new StartPoint(new double[d], 0), models);
        double[][] w = new double[models][d];
        double[] b = new double[models];
        for (int m = 0; m < models; m++) {
            for (int j = 0; j < d; j++) {
                w[m][j] = 4 * random.nextDouble() - 2;
            }
            b[m] = 4 * random.nextDouble() - 2;
            graph.setParameters(m, w[m], b[m]);
        }

        LinearModelGraph.Evaluation evaluation = graph.evaluate();

        for (int m = 0; m < models; m++) {
            double loss = 0;
            double[] gradW = new double[d];
            double gradB = 0;
            for (int i = 0; i < n; i++) {
                double residual = b[m] - data.y()[i];
                for (int j = 0; j < d; j++) {
                    residual += w[m][j] * data.feature(i, j);
                }
                loss += residual * residual / n;
                for (int j = 0; j < d; j++) {
                    gradW[j] += 2 * residual * data.feature(i, j) / n;
                }
                gradB += 2 * residual / n;
            }
            assertThat(evaluation.losses()[m]).isCloseTo(loss, within(1e-10));
            assertThat(evaluation.biasGradient().getDouble(0, m)).isCloseTo(gradB, within(1e-5));
            for (int j = 0; j < d; j++) {
                assertThat(evaluation.weightGradient().getDouble(j, m)).isCloseTo(gradW[j], within(1e-5));
            }
        }
    }
}
