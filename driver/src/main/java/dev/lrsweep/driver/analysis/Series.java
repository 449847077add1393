package dev.lrsweep.driver.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.lrsweep.worker.descent.TrialBatch;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.io.IOException;

/**
 * A series of the grid's cells: those of one optimizer, one batch size and, for mini-batches, one seed. Every
 * cell and loss curve belongs to one.
 *
 * @param optimizer the optimizer; in files its label ({@code gd}, {@code momentum 0.9}, {@code adam}, …; see
 *                  {@link Optimizer#label})
 * @param batchSize the rows per mini-batch, or null for the full batch
 * @param seed      the seed of the mini-batches' shuffles, or null for the full batch
 */
public record Series(@JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = Label.class)
                     Optimizer optimizer, Integer batchSize, Integer seed) {

    /** The series a batch's cells belong to. */
    public static Series of(TrialBatch batch) {
        boolean full = batch.batchSize() == TrialBatch.FULL_BATCH;
        return new Series(batch.optimizer(), full ? null : batch.batchSize(), full ? null : (int) batch.seed());
    }

    /** The series of a row of results, whose optimizer is its label. */
    public static Series of(String optimizer, Integer batchSize, Integer seed) {
        return new Series(Optimizer.ofLabel(optimizer), batchSize, seed);
    }

    /** The series with its seeds pooled: what a summary over seeds describes. */
    public Series pooled() {
        return new Series(optimizer, batchSize, null);
    }

    /**
     * Whether each step at a stable rate lowers the loss: full-batch plain gradient descent. Momentum, Adam and
     * mini-batches may raise it on the way down.
     */
    public boolean fallsAtEveryStableStep() {
        return optimizer.kind() == Optimizer.Kind.GD && batchSize == null;
    }

    /** In words: {@code gd}, {@code adam, batch 64}, {@code adam, batch 64, seed 2}. */
    public String label() {
        return optimizer.label() + (batchSize == null ? "" : ", batch " + batchSize) + (seed == null ? "" : ", seed "
                + seed);
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
