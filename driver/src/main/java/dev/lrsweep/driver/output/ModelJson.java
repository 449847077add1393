package dev.lrsweep.driver.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.lrsweep.driver.config.LayerKeys;
import dev.lrsweep.driver.config.SweepInputException;
import dev.lrsweep.worker.model.CustomClass;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.util.Locale;

/**
 * A record's model in results.json as the config writes it ({@code kind}, {@code hidden}, {@code activation},
 * {@code loss}, a network's {@code layers} and {@code image} shape), with the number of {@code classes} where the
 * labels are classes; read back as the {@link ModelSpec} it names.
 */
final class ModelJson {
    private static final TypeReference<Map<String, LayerKeys>> LAYER = new TypeReference<>() {
    };

    private ModelJson() {
    }

    /** Writes a model as the config's {@code model} section, with its classes where it has them. */
    static final class Writer extends StdSerializer<ModelSpec> {
        Writer() {
            super(ModelSpec.class);
        }

        @Override
        public void serialize(ModelSpec model, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("kind", model.kind().label());
            if (model.hidden().length > 0) {
                json.writeArrayFieldStart("hidden");
                for (int width : model.hidden()) {
                    json.writeNumber(width);
                }
                json.writeEndArray();
                json.writeStringField("activation", model.activation().label());
            } else {
                json.writeNullField("hidden");
                json.writeNullField("activation");
            }
            json.writeStringField("loss", model.loss().label());
            if (model.kind() == ModelSpec.Kind.NETWORK) {
                json.writeFieldName("layers");
                provider.defaultSerializeValue(model.layers().stream().map(LayerKeys::of).toList(), json);
                if (model.image() != null) {
                    Shape image = model.image();
                    json.writeArrayFieldStart("image");
                    json.writeNumber(image.channels());
                    json.writeNumber(image.height());
                    json.writeNumber(image.width());
                    json.writeEndArray();
                }
            }
            if (model.custom() != null) {
                json.writeStringField("class", model.custom().name());
                json.writeFieldName("options");
                provider.defaultSerializeValue(model.custom().options(), json);
                json.writeStringField("labels", model.custom().labels().name().toLowerCase(Locale.ROOT));
            }
            if (model.classes() > 0) {
                json.writeNumberField("classes", model.classes());
            }
            json.writeEndObject();
        }
    }

    /** Reads the model a results.json names, refusing one this version does not fit. */
    static final class Reader extends StdDeserializer<ModelSpec> {
        Reader() {
            super(ModelSpec.class);
        }

        @Override
        public ModelSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            String kind = node.path("kind").asText(null);
            String loss = node.path("loss").asText(null);
            try {
                JsonNode hidden = node.path("hidden");
                int[] widths = new int[hidden.isArray() ? hidden.size() : 0];
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = hidden.get(i).intValue();
                }
                String activation = node.path("activation").asText(null);
                ModelSpec.Kind family = ModelSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                ModelSpec.Loss fittedBy = ModelSpec.Loss.valueOf(loss.toUpperCase(Locale.ROOT));
                int classes = node.path("classes").asInt(0);
                if (family == ModelSpec.Kind.MLP) {
                    return ModelSpec.mlp(widths, ModelSpec.Activation.valueOf(activation.toUpperCase(Locale.ROOT)),
                            fittedBy).withClasses(classes);
                }
                if (family == ModelSpec.Kind.CUSTOM) {
                    Map<String, Object> options = parser.getCodec().treeToValue(node.path("options"), Map.class);
                    return ModelSpec.custom(new CustomClass(node.path("class").asText(null), options,
                            ModelSpec.Labels.valueOf(node.path("labels").asText(null).toUpperCase(Locale.ROOT))))
                            .withClasses(classes);
                }
                if (family != ModelSpec.Kind.NETWORK) {
                    return new ModelSpec(family, List.of(), fittedBy, classes, null, null);
                }
                JsonNode layersNode = node.path("layers");
                List<Layer> layers = new ArrayList<>();
                for (int i = 0; i < layersNode.size(); i++) {
                    Map<String, LayerKeys> entry = parser.getCodec().readValue(
                            layersNode.get(i).traverse(parser.getCodec()), LAYER);
                    layers.add(LayerKeys.layer(entry, "model.layers[" + i + "]", i == layersNode.size() - 1));
                }
                JsonNode image = node.path("image");
                Shape shape = image.isArray() ? Shape.image(image.get(0).intValue(), image.get(1).intValue(),
                        image.get(2).intValue()) : null;
                return ModelSpec.network(layers, fittedBy, shape).withClasses(classes);
            } catch (IllegalArgumentException | NullPointerException | SweepInputException e) {
                throw JsonMappingException.from(parser, "kind " + kind + " with loss " + loss
                        + " is not a model this version fits");
            }
        }
    }
}
