package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Moments;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FamilyTheoryTest {

    /** Every model family the worker fits has its theory, found by the family itself. */
    @Test
    void everyFamilyHasItsTheory() {
        assertThat(Arrays.stream(ModelSpec.Kind.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(FamilyTheory.values()).map(Enum::name).toList());
        assertThat(FamilyTheory.of(ModelSpec.linear())).isEqualTo(FamilyTheory.LINEAR);
        assertThat(FamilyTheory.of(ModelSpec.logistic())).isEqualTo(FamilyTheory.LOGISTIC);
        assertThat(FamilyTheory.of(ModelSpec.softmax(3))).isEqualTo(FamilyTheory.SOFTMAX);
    }

    /**
     * Least squares from the rows and from their moments give the same theory and the descent in closed form;
     * lr_critical is 2/λ_max of 2AᵀA/n, here with A = [x | 1] for x = 0, 1, 2, 3: AᵀA/n = [[3.5, 1.5], [1.5, 1]].
     */
    @Test
    void leastSquaresKnowsTheSameFromTheRowsAndFromTheirMoments() {
        Dataset rows = new Dataset(4, 1, new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7.5});
        var layout = ModelSpec.linear().layout(1);
        Parameters start = Parameters.filled(layout, 0);

        FamilyTheory.Known fromRows = FamilyTheory.LINEAR.of(new FamilyTheory.FittedRows(rows, Moments.of(rows), null),
                ModelSpec.linear(), start);
        FamilyTheory.Known fromMoments = FamilyTheory.LINEAR.of(new FamilyTheory.FittedRows(null, Moments.of(rows),
                null), ModelSpec.linear(), start);

        double largest = (4.5 + Math.sqrt(2.5 * 2.5 + 4 * 1.5 * 1.5)) / 2;
        assertThat(fromRows.theory().lrCritical()).isCloseTo(2 / (2 * largest), within(1e-12));
        assertThat(fromMoments.theory().lrCritical()).isCloseTo(fromRows.theory().lrCritical(),
                within(1e-12));
        assertThat(fromRows.descent()).isNotNull();
        assertThat(FamilyTheory.MLP.of(new FamilyTheory.FittedRows(rows, Moments.of(rows), null), ModelSpec.mlp(new int[] {2},
                ModelSpec.Activation.TANH, ModelSpec.Loss.MSE), start)
                .descent()).isNull();
    }
}
