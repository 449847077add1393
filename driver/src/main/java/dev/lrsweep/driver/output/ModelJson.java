package dev.lrsweep.driver.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.lrsweep.worker.model.ModelSpec;
import java.io.IOException;
import java.util.Locale;

/**
 * A record's model in results.json as the config writes it ({@code kind}, {@code hidden}, {@code activation},
 * {@code loss}), with a softmax model's number of {@code classes}; read back as the {@link ModelSpec} it names.
 */
final class ModelJson {

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
                return new ModelSpec(ModelSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), widths,
                        activation == null ? null : ModelSpec.Activation.valueOf(activation.toUpperCase(Locale.ROOT)),
                        ModelSpec.Loss.valueOf(loss.toUpperCase(Locale.ROOT)), node.path("classes").asInt(0));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw JsonMappingException.from(parser, "kind " + kind + " with loss " + loss
                        + " is not a model this version fits");
            }
        }
    }
}
