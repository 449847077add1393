package dev.lrsweep.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThinningTest {
    @Test
    void fewItemsAreAllKept() {
        assertThat(Thinning.evenly(3, 10)).containsExactly(0, 1, 2);
    }

    @Test
    void manyItemsAreThinnedToEvenlySpacedOnesKeepingTheFirstAndTheLast() {
        int[] kept = Thinning.evenly(100_000, 1000);

        assertThat(kept).hasSize(1000).startsWith(0, 100).endsWith(99_899, 99_999).isSorted().doesNotHaveDuplicates();
    }
}
