package dev.lrsweep.worker.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schedule's rates against PyTorch's: the rates PyTorch 1.13's schedulers gave (torch-schedules.csv, written by
 * bench/torch_schedules.py), and PyTorch's closed forms written out by hand ({@link ReferenceSchedules}), for the
 * budgets 1, 7, 100 and 1,000, to 1e-12 relative at every step.
 */
class ScheduleTest {
    private static final double PEAK = 0.37;
    private static final int[] BUDGETS = {1, 7, 100, 1000};
    private static final List<Schedule> SCHEDULES = List.of(Schedule.CONSTANT,
            new Schedule.Warmup(10, 0, Schedule.WARMUP_START_FACTOR), new Schedule.Warmup(2000, 0, 0.01),
            new Schedule.Warmup(0, 0.1, 0.05), new Schedule.Cosine(null, 0), new Schedule.Cosine(null, 0.01),
            new Schedule.Cosine(new Schedule.Warmup(0, 0.1, Schedule.WARMUP_START_FACTOR), 0.01),
            new Schedule.Cosine(new Schedule.Warmup(5, 0, 0.1), 0), new Schedule.Step(30, 0.5),
            new Schedule.Step(3, Schedule.Step.GAMMA), new Schedule.OneCycle(0.3, 25, 1e4, true),
            new Schedule.OneCycle(0.25, 25, 1e4, false), new Schedule.OneCycle(0.3, 10, 100, true));

    @Test
    void everyScheduleGivesPyTorchsRatesAtEveryStepOfEveryBudget() throws IOException {
        int compared = 0;
        try (Reader reader = new InputStreamReader(Objects.requireNonNull(
                ScheduleTest.class.getResourceAsStream("/torch-schedules.csv")), StandardCharsets.UTF_8)) {
            String label = null;
            int budget = 0;
            Schedule.Rates rates = null;
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                if (!row.get("schedule").equals(label) || Integer.parseInt(row.get("budget")) != budget) {
                    label = row.get("schedule");
                    budget = Integer.parseInt(row.get("budget"));
                    rates = Schedule.ofLabel(label).rates(PEAK, budget);
                }
                double torch = Double.parseDouble(row.get("rate"));
                assertThat(rates.next()).as(label + ", budget " + budget + ", step " + row.get("step"))
                        .isCloseTo(torch, within(1e-12 * torch + Double.MIN_NORMAL));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(SCHEDULES.size() * (1 + 7 + 100 + 1000));
    }

    @Test
    void everyScheduleGivesPyTorchsClosedFormsToo() {
        for (Schedule schedule : SCHEDULES) {
            for (int budget : BUDGETS) {
                Schedule.Rates rates = schedule.rates(PEAK, budget);
                for (int t = 0; t < budget; t++) {
                    double want = ReferenceSchedules.rate(schedule, PEAK, budget, t);
                    // step(every=3) decays by 0.1 three hundred times: below the normal doubles, rounding is absolute
                    assertThat(rates.next()).as(schedule.label() + ", budget " + budget + ", step " + t)
                            .isCloseTo(want, within(1e-12 * want + Double.MIN_NORMAL));
                }
            }
        }
    }

    @Test
    void aWarmupLongerThanTheBudgetRisesTheWholeRunAndOneCycleOfOneStepTakesItsLowestRate() {
        Schedule.Rates warmup = new Schedule.Warmup(2000, 0, 0.01).rates(PEAK, 7);
        for (int t = 0; t < 7; t++) {
            assertThat(warmup.next()).isCloseTo(PEAK * (0.01 + 0.99 * t / 2000), within(1e-15));
        }
        Schedule.Rates afterWarmup = new Schedule.Cosine(new Schedule.Warmup(5, 0, 0.1), 0).rates(PEAK, 1);
        assertThat(afterWarmup.next()).isCloseTo(PEAK * 0.1, within(1e-15));
        // OneCycleLR(total_steps=1): its one update is past both phases' ends, at max_lr/div_factor/final_div_factor
        assertThat(new Schedule.OneCycle(0.3, 25, 1e4, true).rates(PEAK, 1).next()).isEqualTo(PEAK / 25 / 1e4);
    }

    @Test
    void budgetRelativeSchedulesAreThoseWhoseRatesDependOnTheRunsLength() {
        for (Schedule schedule : SCHEDULES) {
            Schedule.Rates shorter = schedule.rates(PEAK, 100);
            Schedule.Rates longer = schedule.rates(PEAK, 1000);
            boolean same = true;
            for (int t = 0; t < 100; t++) {
                same &= shorter.next() == longer.next();
            }
            assertThat(same).as(schedule.label()).isEqualTo(!schedule.budgetRelative());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant", "warmup(steps=10)", "warmup(fraction=0.1, start_factor=0.05)", "cosine",
            "cosine(warmup_steps=5, warmup_start_factor=0.1)", "cosine(warmup_fraction=0.1, min_factor=0.01)",
            "step(every=30, gamma=0.5)", "one_cycle", "one_cycle(pct_start=0.25, anneal=linear)"})
    void everyLabelNamesItsSchedule(String label) {
        assertThat(Schedule.ofLabel(label).label()).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linear", "warmup", "warmup(steps=10, fraction=0.1)", "cosine(min_factor=1)",
            "step", "step(every=3, gamma=0.1)", "one_cycle(pct_start=0.3)", "constant(steps=1)", "cosine()"})
    void noOtherTextIsASchedule(String label) {
        assertThatThrownBy(() -> Schedule.ofLabel(label)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a schedule");
    }
}
