package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lrsweep.worker.optimizer.Optimizer;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * One entry of {@code grid.optimizers} as written, as PyTorch defines the optimizer (see {@link Optimizer}): {@code gd};
 * {@code momentum} or {@code {momentum: β}} (β {@value ConfigDefaults#MOMENTUM_BETA} unless given); {@code nesterov} or {@code {nesterov: β}};
 * {@code adam} or {@code {adam: {beta1, beta2, epsilon}}} (PyTorch's defaults 0.9, 0.999, 1e-8 for those not given);
 * {@code adamw} or {@code {adamw: {beta1, beta2, epsilon}}} likewise.
 *
 * @param optimizer the optimizer
 */
@JsonDeserialize(using = OptimizerConfig.Reader.class)
record OptimizerConfig(Optimizer optimizer) {
    private static final String EXPECTED = "expected gd, momentum, nesterov, adam, adamw, {momentum: β}, "
            + "{nesterov: β}, {adam: {beta1, beta2, epsilon}} or {adamw: {beta1, beta2, epsilon}}";

    /** What the config says, in its full form. */
    @JsonValue
    public Object asWritten() {
        return switch (optimizer.kind()) {
            case GD -> "gd";
            case MOMENTUM, NESTEROV -> Map.of(optimizer.kind().label(), optimizer.beta());
            case ADAM, ADAMW -> {
                Map<String, Object> coefficients = new LinkedHashMap<>();
                coefficients.put("beta1", optimizer.beta());
                coefficients.put("beta2", optimizer.beta2());
                coefficients.put("epsilon", optimizer.epsilon());
                yield Map.of(optimizer.kind().label(), coefficients);
            }
        };
    }

    /** Reads the short and the long forms, each coefficient checked. */
    static final class Reader extends JsonDeserializer<OptimizerConfig> {
        @Override
        public OptimizerConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isTextual()) {
                return new OptimizerConfig(switch (node.asText()) {
                    case "gd" -> Optimizer.gd();
                    case "momentum" -> Optimizer.momentum(ConfigDefaults.MOMENTUM_BETA);
                    case "nesterov" -> Optimizer.nesterov(ConfigDefaults.MOMENTUM_BETA);
                    case "adam" -> Optimizer.adam(Optimizer.ADAM_BETA1, Optimizer.ADAM_BETA2, Optimizer.ADAM_EPSILON);
                    case "adamw" -> Optimizer.adamw(Optimizer.ADAM_BETA1, Optimizer.ADAM_BETA2, Optimizer.ADAM_EPSILON);
                    default -> throw new SweepInputException("grid.optimizers: '" + node.asText()
                            + "' is not an optimizer (" + EXPECTED + ")");
                });
            }
            if (!node.isObject() || node.size() != 1) {
                throw new SweepInputException("grid.optimizers: " + node + " is not an optimizer (" + EXPECTED + ")");
            }
            Map.Entry<String, JsonNode> entry = node.fields().next();
            String kind = entry.getKey();
            JsonNode value = entry.getValue();
            return new OptimizerConfig(switch (kind) {
                case "momentum" -> Optimizer.momentum(beta(value, "grid.optimizers.momentum"));
                case "nesterov" -> Optimizer.nesterov(beta(value, "grid.optimizers.nesterov"));
                case "adam", "adamw" -> adam(value, kind);
                default -> throw new SweepInputException("grid.optimizers: '" + kind + "' is not an optimizer ("
                        + EXPECTED + ")");
            });
        }

        private static double beta(JsonNode value, String key) {
            if (!value.isNumber() || !(value.asDouble() > 0 && value.asDouble() < 1)) {
                throw new SweepInputException(key + ": " + value + " (need a momentum coefficient β with 0 < β < 1)");
            }
            return value.asDouble();
        }

        /** Adam's or AdamW's coefficients ({@code kind} adam or adamw). */
        private static Optimizer adam(JsonNode value, String kind) {
            Optimizer.Kind which = kind.equals("adam") ? Optimizer.Kind.ADAM : Optimizer.Kind.ADAMW;
            if (value.isNull() || value.isObject() && value.isEmpty()) {
                return new Optimizer(which, Optimizer.ADAM_BETA1, Optimizer.ADAM_BETA2, Optimizer.ADAM_EPSILON);
            }
            if (!value.isObject()) {
                throw new SweepInputException("grid.optimizers." + kind + ": " + value
                        + " (expected {beta1, beta2, epsilon})");
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("beta1", "beta2", "epsilon").contains(name)) {
                    throw new SweepInputException("grid.optimizers." + kind + ": unknown key '" + name
                            + "' (expected beta1, beta2, epsilon)");
                }
            }
            double beta1 = coefficient(value, kind, "beta1", Optimizer.ADAM_BETA1, x -> x >= 0 && x < 1,
                    "0 ≤ beta1 < 1");
            double beta2 = coefficient(value, kind, "beta2", Optimizer.ADAM_BETA2, x -> x >= 0 && x < 1,
                    "0 ≤ beta2 < 1");
            double epsilon = coefficient(value, kind, "epsilon", Optimizer.ADAM_EPSILON,
                    x -> x > 0 && Double.isFinite(x), "a finite epsilon > 0");
            return new Optimizer(which, beta1, beta2, epsilon);
        }

        private static double coefficient(JsonNode adam, String kind, String name, double otherwise,
                                          DoublePredicate valid, String need) {
            JsonNode value = adam.get(name);
            if (value == null) {
                return otherwise;
            }
            if (!value.isNumber() || !valid.test(value.asDouble())) {
                throw new SweepInputException("grid.optimizers." + kind + "." + name + ": " + value + " (need " + need
                        + ")");
            }
            return value.asDouble();
        }
    }
}
