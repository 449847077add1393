package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * The learning rates of a sweep, written either as a list ({@code [0.01, 0.1, 1]}) or as a range
 * ({@code {from: 1e-3, to: 10, count: 20, scale: log}}), or as {@code auto} ({@code {auto: true, count: 30}}:
 * the range test lays the range): exactly one of list and range is set.
 *
 * @param list  the rates as listed
 * @param range the rates as a range
 */
@JsonDeserialize(using = LearningRates.Reader.class)
public record LearningRates(double[] list, LearningRateRange range) {

    /** What the config said, in the same form. */
    @JsonValue
    public Object asWritten() {
        return range != null ? range : list;
    }

    /** Reads a YAML sequence as a list, a mapping as a range (whose keys are checked like all others). */
    static final class Reader extends JsonDeserializer<LearningRates> {
        @Override
        public LearningRates deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isArray()) {
                return new LearningRates(context.readTreeAsValue(node, double[].class), null);
            }
            if (node.isTextual() && node.asText().equals("auto")) {
                return new LearningRates(null, new LearningRateRange(null, null, null, null, true));
            }
            if (node.isObject()) {
                return new LearningRates(null, context.readTreeAsValue(node, LearningRateRange.class));
            }
            throw new SweepInputException("grid.learning_rates: expected a list, {from, to, count, scale} or auto, got '"
                    + node.asText() + "'");
        }
    }
}
