package dev.lrsweep.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    private static Dataset rows(List<double[]> rows) {
        double[] x = new double[rows.size() * 2];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[2 * i] = rows.get(i)[0];
            x[2 * i + 1] = rows.get(i)[1];
            y[i] = rows.get(i)[2];
        }
        return new Dataset(rows.size(), 2, x, y);
    }

    private static Set<List<Double>> asSet(Dataset data) {
        Set<List<Double>> set = new HashSet<>();
        for (int i = 0; i < data.rows(); i++) {
            set.add(List.of(data.feature(i, 0), data.feature(i, 1), data.y()[i]));
        }
        return set;
    }

    @Test
    void theSameRowsAreHeldOutWhateverTheirOrderAndAboutTheFractionOfThem() {
        Random random = new Random(3);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new double[] {random.nextGaussian(), random.nextGaussian(), random.nextInt(2)});
        }
        ValidationSplit split = new ValidationSplit(0.2, 7);
        ValidationSplit.Parts inOrder = split.apply(rows(rows));
        Collections.shuffle(rows, new Random(5));
        ValidationSplit.Parts shuffled = split.apply(rows(rows));

        assertThat(asSet(shuffled.validation())).isEqualTo(asSet(inOrder.validation()));
        assertThat(asSet(shuffled.training())).isEqualTo(asSet(inOrder.training()));
        assertThat(inOrder.training().rows() + inOrder.validation().rows()).isEqualTo(10_000);
        // a binomial share: 0.2 ± 4 standard deviations of 0.004
        assertThat(inOrder.validation().rows() / 10_000.0).isCloseTo(0.2, within(0.016));
        ValidationSplit.Parts otherSeed = new ValidationSplit(0.2, 8).apply(rows(rows));
        assertThat(asSet(otherSeed.validation())).isNotEqualTo(asSet(inOrder.validation()));
        // zero's sign does not move a row
        assertThat(split.holdsOut(new double[] {0.0, 1, 1})).isEqualTo(split.holdsOut(new double[] {-0.0, 1, 1}));
    }

    @Test
    void aSplitThatLeavesASideEmptyIsRefused() {
        Dataset three = rows(List.of(new double[] {1, 2, 0}, new double[] {2, 3, 1}, new double[] {4, 5, 1}));
        assertThatThrownBy(() -> new ValidationSplit(1e-9, 7).apply(three)).isInstanceOf(SweepInputException.class)
                .hasMessage("data.validation.fraction: 1.0E-9 holds out 0 of the 3 rows (seed 7), leaving no "
                        + "validation rows; use another fraction, or more rows");
    }
}
