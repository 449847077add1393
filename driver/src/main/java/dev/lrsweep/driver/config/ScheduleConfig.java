package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lrsweep.worker.optimizer.Schedule;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * One entry of {@code grid.schedules}, as PyTorch's schedulers define it (see {@link Schedule}): {@code constant};
 * {@code {warmup: {steps | fraction, start_factor}}}; {@code cosine} or {@code {cosine: {warmup: {…}, min_factor}}};
 * {@code {step: {every, gamma}}}; {@code one_cycle} or {@code {one_cycle: {pct_start, div_factor, final_div_factor,
 * anneal: cos | linear}}}. Arguments left out take PyTorch's defaults.
 *
 * @param schedule the schedule
 */
@JsonDeserialize(using = ScheduleConfig.Reader.class)
record ScheduleConfig(Schedule schedule) {
    private static final String EXPECTED = "expected constant, cosine, one_cycle, {warmup: {steps | fraction, "
            + "start_factor}}, {cosine: {warmup, min_factor}}, {step: {every, gamma}} or {one_cycle: {pct_start, "
            + "div_factor, final_div_factor, anneal}}";

    /** What the config says, in its full form. */
    @JsonValue
    public Object asWritten() {
        return schedule instanceof Schedule.Constant ? "constant" : written(schedule);
    }

    private static Object written(Schedule schedule) {
        if (schedule instanceof Schedule.Warmup warmup) {
            return Map.of("warmup", warmup(warmup));
        }
        if (schedule instanceof Schedule.Cosine cosine) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            if (cosine.warmup() != null) {
                arguments.put("warmup", warmup(cosine.warmup()));
            }
            arguments.put("min_factor", cosine.minFactor());
            return Map.of("cosine", arguments);
        }
        if (schedule instanceof Schedule.Step step) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("every", step.every());
            arguments.put("gamma", step.gamma());
            return Map.of("step", arguments);
        }
        Schedule.OneCycle cycle = (Schedule.OneCycle) schedule;
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("pct_start", cycle.pctStart());
        arguments.put("div_factor", cycle.divFactor());
        arguments.put("final_div_factor", cycle.finalDivFactor());
        arguments.put("anneal", cycle.cosine() ? "cos" : "linear");
        return Map.of("one_cycle", arguments);
    }

    private static Map<String, Object> warmup(Schedule.Warmup warmup) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (warmup.steps() > 0) {
            arguments.put("steps", warmup.steps());
        } else {
            arguments.put("fraction", warmup.fraction());
        }
        arguments.put("start_factor", warmup.startFactor());
        return arguments;
    }

    /** Reads the short and the long forms, each argument checked. */
    static final class Reader extends JsonDeserializer<ScheduleConfig> {
        @Override
        public ScheduleConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isTextual()) {
                return new ScheduleConfig(switch (node.asText()) {
                    case "constant" -> Schedule.CONSTANT;
                    case "cosine" -> new Schedule.Cosine(null, 0);
                    case "one_cycle" -> oneCycle(null);
                    default -> throw new SweepInputException("grid.schedules: '" + node.asText()
                            + "' is not a schedule (" + EXPECTED + ")");
                });
            }
            if (!node.isObject() || node.size() != 1) {
                throw new SweepInputException("grid.schedules: " + node + " is not a schedule (" + EXPECTED + ")");
            }
            Map.Entry<String, JsonNode> entry = node.fields().next();
            JsonNode value = entry.getValue();
            return new ScheduleConfig(switch (entry.getKey()) {
                case "warmup" -> warmup(value, "grid.schedules.warmup");
                case "cosine" -> cosine(value);
                case "step" -> step(value);
                case "one_cycle" -> oneCycle(value);
                default -> throw new SweepInputException("grid.schedules: '" + entry.getKey()
                        + "' is not a schedule (" + EXPECTED + ")");
            });
        }

        private static Schedule.Warmup warmup(JsonNode value, String key) {
            arguments(value, key, Set.of("steps", "fraction", "start_factor"), "steps or fraction, start_factor");
            if (value.has("steps") == value.has("fraction")) {
                throw new SweepInputException(key + ": " + value + " (need steps or fraction, one of them)");
            }
            int steps = value.has("steps") ? (int) number(value, key, "steps", 0,
                    x -> x >= 1 && x <= ConfigDefaults.MAX_STEPS && x == Math.rint(x), "a whole number of steps ≥ 1")
                    : 0;
            double fraction = number(value, key, "fraction", 0, x -> x > 0 && x <= 1, "0 < fraction ≤ 1");
            double startFactor = number(value, key, "start_factor", Schedule.WARMUP_START_FACTOR,
                    x -> x > 0 && x <= 1, "0 < start_factor ≤ 1");
            return new Schedule.Warmup(steps, fraction, startFactor);
        }

        private static Schedule cosine(JsonNode value) {
            String key = "grid.schedules.cosine";
            arguments(value, key, Set.of("warmup", "min_factor"), "warmup, min_factor");
            Schedule.Warmup warmup = value.hasNonNull("warmup") ? warmup(value.get("warmup"), key + ".warmup") : null;
            return new Schedule.Cosine(warmup, number(value, key, "min_factor", 0, x -> x >= 0 && x < 1,
                    "0 ≤ min_factor < 1"));
        }

        private static Schedule step(JsonNode value) {
            String key = "grid.schedules.step";
            arguments(value, key, Set.of("every", "gamma"), "every, gamma");
            if (!value.has("every")) {
                throw new SweepInputException(key + ": " + value + " (need every: the steps between decays)");
            }
            int every = (int) number(value, key, "every", 0, x -> x >= 1 && x <= ConfigDefaults.MAX_STEPS
                    && x == Math.rint(x), "a whole number of steps ≥ 1");
            return new Schedule.Step(every, number(value, key, "gamma", Schedule.Step.GAMMA, x -> x > 0 && x <= 1,
                    "0 < gamma ≤ 1"));
        }

        private static Schedule oneCycle(JsonNode value) {
            String key = "grid.schedules.one_cycle";
            if (value == null || value.isNull()) {
                return new Schedule.OneCycle(Schedule.OneCycle.PCT_START, Schedule.OneCycle.DIV_FACTOR,
                        Schedule.OneCycle.FINAL_DIV_FACTOR, true);
            }
            arguments(value, key, Set.of("pct_start", "div_factor", "final_div_factor", "anneal"),
                    "pct_start, div_factor, final_div_factor, anneal");
            JsonNode anneal = value.get("anneal");
            if (anneal != null && !(anneal.isTextual() && Set.of("cos", "linear").contains(anneal.asText()))) {
                throw new SweepInputException(key + ".anneal: " + anneal + " (expected cos or linear)");
            }
            DoublePredicate positive = x -> x > 0 && Double.isFinite(x);
            return new Schedule.OneCycle(
                    number(value, key, "pct_start", Schedule.OneCycle.PCT_START, x -> x >= 0 && x <= 1,
                            "0 ≤ pct_start ≤ 1"),
                    number(value, key, "div_factor", Schedule.OneCycle.DIV_FACTOR, positive, "a finite number > 0"),
                    number(value, key, "final_div_factor", Schedule.OneCycle.FINAL_DIV_FACTOR, positive,
                            "a finite number > 0"),
                    anneal == null || anneal.asText().equals("cos"));
        }

        private static void arguments(JsonNode value, String key, Set<String> known, String expected) {
            if (!value.isObject()) {
                throw new SweepInputException(key + ": " + value + " (expected {" + expected + "})");
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new SweepInputException(key + ": unknown key '" + name + "' (expected " + expected + ")");
                }
            }
        }

        private static double number(JsonNode arguments, String key, String name, double otherwise,
                                     DoublePredicate valid, String need) {
            JsonNode value = arguments.get(name);
            if (value == null) {
                return otherwise;
            }
            if (!value.isNumber() || !valid.test(value.asDouble())) {
                throw new SweepInputException(key + "." + name + ": " + value + " (need " + need + ")");
            }
            return value.asDouble();
        }
    }
}
