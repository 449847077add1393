package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lrsweep.worker.descent.TrialBatch;
import java.io.IOException;

/**
 * One entry of {@code grid.batch_sizes}: {@code full} (every row at every step) or a number of rows per
 * mini-batch. A size at or above the row count is the full batch.
 *
 * @param rows the rows per mini-batch, or {@link TrialBatch#FULL_BATCH}
 */
@JsonDeserialize(using = BatchSize.Reader.class)
public record BatchSize(int rows) {
    public static final BatchSize FULL = new BatchSize(TrialBatch.FULL_BATCH);

    public boolean full() {
        return rows == TrialBatch.FULL_BATCH;
    }

    /** {@code full} or the number. */
    @JsonValue
    public Object asWritten() {
        return full() ? "full" : rows;
    }

    static final class Reader extends JsonDeserializer<BatchSize> {
        @Override
        public BatchSize deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isTextual() && node.asText().equals("full")) {
                return FULL;
            }
            if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
                throw new SweepInputException("grid.batch_sizes: " + node + " is not a batch size (expected full or "
                        + "a number of rows, at least 1)");
            }
            return new BatchSize(node.asInt());
        }
    }
}
