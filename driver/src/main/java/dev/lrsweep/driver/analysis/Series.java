package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.Schedule;
import java.io.IOException;

/**
 * A series of the grid's cells: those of one optimizer, one schedule, one weight decay, one batch size and, for
 * mini-batches, one seed. Every cell and loss curve belongs to one.
 *
 * @param optimizer   the optimizer; in files its label ({@code gd}, {@code momentum 0.9}, {@code adam}, …; see
 *                    {@link Optimizer#label})
 * @param batchSize   the rows per mini-batch, or null for the full batch
 * @param seed        the seed of the mini-batches' shuffles, or null for the full batch
 * @param schedule    the schedule of the rate over a run, the learning rate its peak; in files its label
 *                    ({@code constant}, {@code one_cycle}, …; see {@link Schedule#label}); constant where a file
 *                    written before schedules leaves it out
 * @param weightDecay the weight decay λ (0: none)
 */
public record Series(@JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = Label.class)
                     Optimizer optimizer, Integer batchSize, Integer seed,
                     @JsonSerialize(using = ScheduleLabel.Writer.class) @JsonDeserialize(using = ScheduleLabel.class)
                     Schedule schedule, double weightDecay) {

    /** A constant schedule where none is given. */
    public Series {
        schedule = schedule == null ? Schedule.CONSTANT : schedule;
    }

    /** The series of a constant rate without weight decay. */
    public Series(Optimizer optimizer, Integer batchSize, Integer seed) {
        this(optimizer, batchSize, seed, Schedule.CONSTANT, 0);
    }

    /** The series a batch's cells belong to. */
    public static Series of(TrialBatch batch) {
        boolean full = batch.batchSize() == TrialBatch.FULL_BATCH;
        return new Series(batch.optimizer(), full ? null : batch.batchSize(), full ? null : (int) batch.seed(),
                batch.schedule(), batch.weightDecay().lambda());
    }

    /** The series of a row of results, whose optimizer and schedule are their labels (a null schedule constant). */
    public static Series of(String optimizer, Integer batchSize, Integer seed, String schedule, double weightDecay) {
        return new Series(Optimizer.ofLabel(optimizer), batchSize, seed,
                schedule == null ? Schedule.CONSTANT : Schedule.ofLabel(schedule), weightDecay);
    }

    /** The series with its seeds pooled: what a summary over seeds describes. */
    public Series pooled() {
        return new Series(optimizer, batchSize, null, schedule, weightDecay);
    }

    /** Whether each step budget is a run of its own: the schedule depends on the run's length. */
    public boolean runPerBudget() {
        return schedule.budgetRelative();
    }

    /**
     * Whether each step at a stable rate lowers the loss: full-batch plain gradient descent. Momentum, Adam and
     * mini-batches may raise it on the way down.
     */
    public boolean fallsAtEveryStableStep() {
        return optimizer.kind() == Optimizer.Kind.GD && batchSize == null && schedule == Schedule.CONSTANT
                && weightDecay == 0;
    }

    /**
     * In words: {@code gd}, {@code adam, batch 64}, {@code adamw, one_cycle, weight decay 0.01, batch 64, seed 2}
     * (a constant schedule and no weight decay left out).
     */
    public String label() {
        return optimizer.label() + (schedule == Schedule.CONSTANT ? "" : ", " + schedule.label())
                + (weightDecay == 0 ? "" : ", weight decay " + decay(weightDecay))
                + (batchSize == null ? "" : ", batch " + batchSize) + (seed == null ? "" : ", seed " + seed);
    }

    /** A weight decay as Java writes it, shorter: 0.01, 1e-4. */
    public static String decay(double value) {
        String written = Double.toString(value).replace(".0E", "E").replace('E', 'e');
        return written.endsWith(".0") ? written.substring(0, written.length() - 2) : written;
    }

    /** Reads a schedule from its label. */
    static final class ScheduleLabel extends StdDeserializer<Schedule> {
        ScheduleLabel() {
            super(Schedule.class);
        }

        @Override
        public Schedule deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return Schedule.ofLabel(text);
            } catch (IllegalArgumentException e) {
                return (Schedule) context.handleWeirdStringValue(Schedule.class, text, e.getMessage());
            }
        }

        /** Writes a schedule as its label. */
        static final class Writer extends StdSerializer<Schedule> {
            Writer() {
                super(Schedule.class);
            }

            @Override
            public void serialize(Schedule schedule, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(schedule.label());
            }
        }
    }

    /** Reads an optimizer from its label. */
    static final class Label extends StdDeserializer<Optimizer> {
        Label() {
            super(Optimizer.class);
        }

        @Override
        public Optimizer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return Optimizer.ofLabel(text);
            } catch (IllegalArgumentException e) {
                return (Optimizer) context.handleWeirdStringValue(Optimizer.class, text, e.getMessage());
            }
        }
    }
}
