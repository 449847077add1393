package dev.lrsweep.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.config.SyntheticDataConfig;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        SyntheticDataConfig config = new SyntheticDataConfig(50, SyntheticDataConfig.Task.REGRESSION, new double[] {0.1, 2}, 0.5, 0.05, 7L);

        LoadedData first = SyntheticData.generate(config);

        assertThat(SyntheticData.generate(config).dataset()).isEqualTo(first.dataset());
        assertThat(SyntheticData.generate(new SyntheticDataConfig(50, SyntheticDataConfig.Task.REGRESSION, new double[] {0.1, 2}, 0.5, 0.05, 8L)).dataset())
                .isNotEqualTo(first.dataset());
    }

    @Test
    void pointsLieInTheUnitBoxAroundTheTrueLine() {
        LoadedData data = SyntheticData.generate(new SyntheticDataConfig(20_000, SyntheticDataConfig.Task.REGRESSION, new double[] {0.1}, 0.5, 0.05, 1L));

        DatasetSummary.ColumnSummary x = data.summary().columns().get(0);
        assertThat(x.min()).isGreaterThanOrEqualTo(-1);
        assertThat(x.max()).isLessThan(1);
        assertThat(x.mean()).isCloseTo(0, within(0.02));
        assertThat(x.std()).isCloseTo(Math.sqrt(1.0 / 3), within(0.01)); // uniform on [-1, 1]
        double[] residuals = new double[20_000];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = data.dataset().y()[i] - 0.1 * data.dataset().feature(i, 0) - 0.5;
        }
        org.apache.commons.math3.stat.descriptive.SummaryStatistics noise =
                new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
        for (double r : residuals) {
            noise.addValue(r);
        }
        assertThat(noise.getStandardDeviation()).isCloseTo(0.05, within(0.002));
        assertThat(data.summary().trueWeights()).containsExactly(0.1);
        assertThat(data.summary().trueBias()).isEqualTo(0.5);
    }
}
