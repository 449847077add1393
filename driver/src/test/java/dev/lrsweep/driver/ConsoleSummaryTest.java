package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.output.SweepRecord;
import dev.lrsweep.driver.report.TestRecords;
import dev.lrsweep.driver.sweep.SweepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {

    private static String summary(SweepRecord record) {
        StringWriter out = new StringWriter();
        ConsoleSummary.print(new PrintWriter(out), new SweepRunner.SweepOutcome(Path.of("out"), record, false));
        return out.toString();
    }

    /** 100,000 rates print a screenful, not 100,000 lines; the first and the last rate are among them. */
    @Test
    void aLargeGridIsSummarisedInAScreenful() {
        SweepRecord record = TestRecords.modelSweep(TestRecords.logSpaced(1e-4, 1.2, 100_000), new int[] {5, 20}, 1);

        String text = summary(record);

        assertThat(text.lines().count()).isLessThan(ConsoleSummary.RATE_LINES * 2L + ConsoleSummary.VERDICT_LINES + 10);
        assertThat(text).contains("rates between, in results.csv").contains("  0.000100000 ").contains("       1.20000 ");
    }

    @Test
    void aSmallGridPrintsEveryRate() {
        SweepRecord record = TestRecords.modelSweep(TestRecords.logSpaced(1e-3, 1.2, 12), new int[] {5, 20}, 1);

        String text = summary(record);

        assertThat(text.lines().filter(line -> line.matches("\\s+[0-9.e+-]+\\s+[0-9.e+-]+\\s+\\w+.*"))).hasSize(12);
        assertThat(text).doesNotContain("between");
    }
}
