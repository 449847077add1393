package dev.lrsweep.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThinningTest {
    @Test
    void fewItemsAreAllKept() {
        assertThat(Thinning.evenly(3, 10)).containsExactly(0, 1, 2);
        assertThat(Thinning.logEvenly(1, 5, 10)).containsExactly(1, 2, 3, 4, 5);
        assertThat(Thinning.logEvenly(1, 0, 10)).isEmpty();
    }

    @Test
    void manyItemsAreThinnedToEvenlySpacedOnesKeepingTheFirstAndTheLast() {
        int[] kept = Thinning.evenly(100_000, 1000);

        assertThat(kept).hasSize(1000).startsWith(0, 100).endsWith(99_899, 99_999).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void manyStepsAreThinnedToOnesEvenlySpacedOnALogScale() {
        int[] kept = Thinning.logEvenly(1, 1_000_000, 1000);

        assertThat(kept).hasSizeLessThanOrEqualTo(1000).startsWith(1, 2).endsWith(1_000_000).isSorted()
                .doesNotHaveDuplicates();
        assertThat((double) kept[kept.length - 1] / kept[kept.length - 2]).isLessThan(1.02);
    }
}
