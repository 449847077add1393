package dev.lrsweep.driver.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code model.layers} as a config file and results.json write it: a map of one layer kind
 * ({@code dense}, {@code conv2d}, {@code max_pool}, {@code avg_pool}, {@code flatten}) to its keys, each kind
 * taking some of these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerKeys(Integer units, String activation, Integer filters, Integer kernel, Integer stride,
                        String padding, Integer size) {

    private static final LayerKeys NONE = new LayerKeys(null, null, null, null, null, null, null);

    /** A layer in this form, every key written out. */
    public static Map<String, LayerKeys> of(Layer layer) {
        if (layer instanceof Layer.Dense dense) {
            return Map.of("dense", new LayerKeys(dense.units(), dense.activation().label(), null, null, null, null,
                    null));
        }
        if (layer instanceof Layer.Conv2d conv) {
            return Map.of("conv2d", new LayerKeys(null, conv.activation().label(), conv.filters(), conv.kernel(),
                    conv.stride(), conv.padding().label(), null));
        }
        if (layer instanceof Layer.Pool pool) {
            return Map.of(pool.kind().label(), new LayerKeys(null, null, null, null, pool.stride(), null, pool.size()));
        }
        return Map.of("flatten", NONE);
    }

    /**
     * The layer an entry names, checked key by key; the output layer's activation is none unless given.
     *
     * @param key    where the entry is, for messages, e.g. {@code model.layers[2]}
     * @param output whether it is the last layer
     * @throws SweepInputException naming the key and the value
     */
    public static Layer layer(Map<String, LayerKeys> entry, String key, boolean output) {
        if (entry == null || entry.size() != 1) {
            throw new SweepInputException(key + ": " + (entry == null ? "empty" : entry.keySet())
                    + " (need one layer: dense, conv2d, max_pool, avg_pool or flatten)");
        }
        String kind = entry.keySet().iterator().next();
        LayerKeys keys = entry.get(kind) == null ? NONE : entry.get(kind);
        String at = key + "." + kind;
        switch (kind) {
            case "dense" -> {
                keys.only(at, "units", "activation");
                return new Layer.Dense(positive(keys.units(), at + ".units"),
                        activation(keys.activation(), at + ".activation", output));
            }
            case "conv2d" -> {
                keys.only(at, "filters", "kernel", "stride", "padding", "activation");
                int stride = keys.stride() == null ? 1 : positive(keys.stride(), at + ".stride");
                Layer.Padding padding = keys.padding() == null ? Layer.Padding.VALID
                        : ConfigCheck.oneOf(keys.padding(), at + ".padding", Layer.Padding.values(),
                                Layer.Padding::label);
                if (padding == Layer.Padding.SAME && stride != 1) {
                    throw new SweepInputException(at + ".padding: same needs stride 1 (as PyTorch's), not " + stride);
                }
                return new Layer.Conv2d(positive(keys.filters(), at + ".filters"),
                        positive(keys.kernel(), at + ".kernel"), stride, padding,
                        activation(keys.activation(), at + ".activation", output));
            }
            case "max_pool", "avg_pool" -> {
                keys.only(at, "size", "stride");
                int size = positive(keys.size(), at + ".size");
                return new Layer.Pool(kind.equals("max_pool") ? Layer.PoolKind.MAX_POOL : Layer.PoolKind.AVG_POOL,
                        size, keys.stride() == null ? size : positive(keys.stride(), at + ".stride"));
            }
            case "flatten" -> {
                keys.only(at);
                return new Layer.Flatten();
            }
            default -> throw new SweepInputException(key + ": unknown layer '" + kind
                    + "' (one of dense, conv2d, max_pool, avg_pool, flatten)");
        }
    }

    /** Refuses a key the layer kind does not take, naming the ones it does. */
    private void only(String at, String... allowed) {
        Map<String, Object> given = new TreeMap<>();
        given.put("units", units);
        given.put("activation", activation);
        given.put("filters", filters);
        given.put("kernel", kernel);
        given.put("stride", stride);
        given.put("padding", padding);
        given.put("size", size);
        List<String> takes = List.of(allowed);
        for (Map.Entry<String, Object> key : given.entrySet()) {
            if (key.getValue() != null && !takes.contains(key.getKey())) {
                throw new SweepInputException(at + "." + key.getKey() + ": not a key of this layer ("
                        + (takes.isEmpty() ? "it takes none" : "it takes " + String.join(", ", takes)) + ")");
            }
        }
    }

    private static int positive(Integer value, String key) {
        ConfigCheck.require(value, key);
        if (value < 1) {
            throw new SweepInputException(key + ": " + value + " (need at least 1)");
        }
        return value;
    }

    private static ModelSpec.Activation activation(String value, String key, boolean output) {
        if (value == null && output) {
            return ModelSpec.Activation.NONE;
        }
        if (value == null) {
            throw new SweepInputException(key + ": missing (one of " + String.join(", ",
                    Arrays.stream(ModelSpec.Activation.values()).map(ModelSpec.Activation::label).toList()) + ")");
        }
        return ConfigCheck.oneOf(value, key, ModelSpec.Activation.values(), ModelSpec.Activation::label);
    }
}
