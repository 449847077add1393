package dev.lrsweep.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.worker.TestData;
import dev.lrsweep.worker.descent.FitState;
import dev.lrsweep.worker.descent.TrialStatus;
import org.junit.jupiter.api.Test;

class ArrayRecordsTest {
    @Test
    void recordsHoldingArraysAreEqualByContentWithNaNEqualToNaN() {
        FitState state = new FitState(10, TrialStatus.OK, Double.NaN, 0.5, Double.NaN, Double.NaN, Double.NaN,
                TestData.start(new double[] {1, 2}, 0.5), Double.NaN);
        FitState same = new FitState(10, TrialStatus.OK, Double.NaN, 0.5, Double.NaN, Double.NaN, Double.NaN,
                TestData.start(new double[] {1, 2}, 0.5), Double.NaN);
        FitState otherWeight = new FitState(10, TrialStatus.OK, Double.NaN, 0.5, Double.NaN, Double.NaN, Double.NaN,
                TestData.start(new double[] {1, 3}, 0.5), Double.NaN);
        FitState otherStatus = new FitState(10, TrialStatus.DIVERGED, Double.NaN, 0.5, Double.NaN, Double.NaN, Double.NaN,
                TestData.start(new double[] {1, 2}, 0.5), Double.NaN);

        assertThat(state).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(otherWeight).isNotEqualTo(otherStatus)
                .isNotEqualTo(null).isNotEqualTo("a string");
        assertThat(TestData.start(new double[] {0.0}, 0.0)).isNotEqualTo(TestData.start(new double[] {-0.0}, 0.0));
        assertThat(TestData.batch(new int[] {5, 10}, 0.1, 0.2)).isEqualTo(TestData.batch(new int[] {5, 10}, 0.1, 0.2))
                .isNotEqualTo(TestData.batch(new int[] {5, 10}, 0.1, 0.3));
    }
}
