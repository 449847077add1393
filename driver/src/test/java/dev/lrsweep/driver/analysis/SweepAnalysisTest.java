package dev.lrsweep.driver.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lrsweep.driver.LinearStart;
import dev.lrsweep.worker.descent.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepAnalysisTest {
    private static final Theory THEORY = new Theory(LinearStart.tree(new double[] {0.1}, 0.5), 0.01, 0.01,
            Theory.OPTIMAL_LOSS, new double[] {0.5, 2}, 0, 1.0, 1.0, 2.0, 0.8, 4.0, null);
    private static final double[] RATES = {0.01, 0.1, 0.5, 0.9, 1.2, 2};

    private static CellResult cell(double rate, int steps, String regime, double loss) {
        return new CellResult("gd", null, null, "constant", 0, rate, steps, TrialStatus.OK, Regime.ofLabel(regime), loss, loss - 0.01, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, LinearStart.values(new double[] {0}, 0), null, null, null, null, null, Double.NaN, false, null);
    }

    private static List<CellResult> rows(String... regimesAt100) {
        List<CellResult> rows = new ArrayList<>();
        for (int i = 0; i < RATES.length; i++) {
            rows.add(cell(RATES[i], 10, regimesAt100[i].equals("converged") ? "undershoot" : regimesAt100[i], 1 - 0.1 * i));
            rows.add(cell(RATES[i], 100, regimesAt100[i], regimesAt100[i].equals("converged") ? 0.0100 + 0.001 * i : 0.5));
        }
        return rows;
    }

    @Test
    void theBoundaryLiesBetweenTheLargestStableAndSmallestDivergedRate() {
        Boundary boundary = SweepAnalysis.boundary(
                rows("undershoot", "converged", "converged", "oscillating", "diverged", "diverged"), RATES, THEORY.lrCritical());

        assertThat(boundary.steps()).isEqualTo(100);
        assertThat(boundary.largestStableRate()).isEqualTo(0.9);
        assertThat(boundary.smallestDivergedRate()).isEqualTo(1.2);
        assertThat(boundary.gridStepsFromCritical()).isZero();
    }

    @Test
    void aRateDivergingBelowTheLimitCountsGridStepsBackwards() {
        Boundary boundary = SweepAnalysis.boundary(
                rows("undershoot", "converged", "diverged", "diverged", "diverged", "diverged"), RATES, THEORY.lrCritical());

        assertThat(boundary.gridStepsFromCritical()).isEqualTo(-2);
    }

    @Test
    void suggestionsNameTheBestRatePerBudgetTheSafeRateAndEachBand() {
        Suggestions suggestions = SweepAnalysis.suggestions(
                rows("undershoot", "converged", "converged", "oscillating", "diverged", "diverged"), THEORY.lrCritical());

        assertThat(suggestions.bestPerStepCount()).extracting(Suggestions.BestRate::steps).containsExactly(10, 100);
        assertThat(suggestions.bestPerStepCount().get(0).learningRate()).isEqualTo(0.9);
        assertThat(suggestions.bestPerStepCount().get(1).learningRate()).isEqualTo(0.1);
        // 0.9 never diverged but only ever oscillated: not offered as safe
        assertThat(suggestions.largestSafe()).isEqualTo(new Suggestions.SafeRate(0.5, 100));
        assertThat(suggestions.verdicts()).extracting(Suggestions.Verdict::text).containsExactly(
                "0.01: too slow for 100 steps (undershoot)",
                "0.1 … 0.5: converges within 100 steps",
                "0.9: oscillates near the stability limit",
                "1.2 … 2: diverges (overshoot)");
    }

    @Test
    void whenEveryRateDivergesNoBestRateIsClaimed() {
        List<CellResult> allDiverged = new ArrayList<>();
        for (double rate : RATES) {
            allDiverged.add(cell(rate, 10, "diverged", 1e9));
        }

        Suggestions suggestions = SweepAnalysis.suggestions(allDiverged, THEORY.lrCritical());

        assertThat(suggestions.bestPerStepCount()).isEmpty();
        assertThat(suggestions.largestSafe()).isNull();
        assertThat(SweepAnalysis.boundary(allDiverged, RATES, THEORY.lrCritical()).largestStableRate()).isNull();
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "100, 100", "150, 150", "200, 200", "1000, 1000", "10, 10", "1.5, 1.5", "0.993, 0.993", "0.001, 0.001",
        "0.00123456, 0.00123", "1e-5, 1e-05", "123456, 1.23e+05", "0.0001, 0.0001", "99999, 1e+05",
        "0.885867, 0.886", "0.00263665, 0.00264", "1e-300, 1e-300", "0, 0", "-2.5, -2.5", "Infinity, Infinity"})
    void aRatePrintsInThreeSignificantDigitsWithoutTrailingZerosInTheFraction(double rate, String printed) {
        assertThat(SweepAnalysis.rate(rate)).isEqualTo(printed);
    }

    @Test
    void everyPrintedRateReadsBackWithinHalfAUnitOfItsThirdDigit() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            double rate = Math.pow(10, -12 + 24 * random.nextDouble());

            String printed = SweepAnalysis.rate(rate);

            assertThat(Double.parseDouble(printed)).as(printed).isCloseTo(rate, within(5e-3 * rate));
            assertThat(printed).as(printed).doesNotContainPattern("\\.\\d*0(e|$)").doesNotEndWith(".");
        }
    }
}
