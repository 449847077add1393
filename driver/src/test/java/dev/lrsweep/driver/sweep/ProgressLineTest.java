package dev.lrsweep.driver.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line counts running batches by the steps their models took, and never beyond the total. */
class ProgressLineTest {

    @Test
    void runningBatchesCountInProportionToTheirModelStepsAndFinishedOnesWhole() {
        AtomicLong inFlight = new AtomicLong();
        StringWriter text = new StringWriter();
        // 120 cells: 20 rates × 6 step counts, the largest 1000; a model-step stands for 6/1000 of a cell
        try (ProgressLine line = new ProgressLine(new PrintWriter(text), false, "lesson", 120, 0, inFlight::get,
                6 / 1000.0, () -> "")) {
            assertThat(line.line()).startsWith("lesson: 0/120 cells (0%)");
            inFlight.set(20 * 250);
            assertThat(line.line()).startsWith("lesson: 30/120 cells (25%)").contains("left");
            line.cellsDone(60);
            inFlight.set(20 * 1000);
            assertThat(line.line()).startsWith("lesson: 120/120 cells (100%)");
            inFlight.set(0);
            assertThat(line.line()).startsWith("lesson: 60/120 cells (50%)");
        }
        assertThat(text.toString()).contains("lesson: 60/120 cells (50%)");
    }

    @Test
    void whatElseMovesIsAppended() {
        AtomicLong evaluations = new AtomicLong();
        try (ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), false, "scale", 16, 0, () -> 0,
                2 / 500.0, () -> ", " + evaluations.get() + " evaluations over the slices")) {
            evaluations.set(24);
            assertThat(line.line()).startsWith("scale: 0/16 cells (0%)").endsWith(", 24 evaluations over the slices");
        }
    }
}
