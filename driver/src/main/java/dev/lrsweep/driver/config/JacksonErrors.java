package dev.lrsweep.driver.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what Jackson throws while reading a user's YAML or JSON into one line in the user's words:
 * the dotted key, what was expected there and what was found, never a Java class name, a parser
 * event or a hint about Jackson's own settings.
 */
public final class JacksonErrors {
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Pattern PARSER_EVENT = Pattern.compile("<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\([^)]*\\)>?");
    private static final Map<String, String> EVENTS = Map.of("MappingStart", "a mapping", "SequenceStart", "a list",
            "Scalar", "a value", "MappingEnd", "the end of a mapping", "SequenceEnd", "the end of a list",
            "DocumentStart", "a new document", "Alias", "an alias");
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '([^']*)'.*");
    /** Jackson's refusal of a bare NaN or Infinity, which JSON does not have. */
    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern MALFORMED_NUMBER = Pattern.compile("Malformed numeric value '([^']*)'.*");

    private JacksonErrors() {
    }

    /**
     * One line saying what is wrong, e.g. {@code grid.steps[0]: expected a whole number, got 1.5} or
     * {@code not valid YAML at line 3: mapping values are not allowed here}.
     *
     * @param format what the text should have been, {@code YAML} or {@code JSON}
     */
    public static String describe(JacksonException e, String format) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return "unknown key '" + key(unknown) + "' (known here: " + known + ")";
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof SweepInputException input) {
            return input.getMessage();
        }
        if (endsEarly(e) || e.getCause() instanceof JacksonException cause && endsEarly(cause)) {
            JsonLocation end = e.getCause() instanceof JacksonException cause ? cause.getLocation() : e.getLocation();
            return where(e instanceof JsonMappingException mapping ? key(mapping) : contextKey(e))
                    + "the " + format + " ends unfinished" + at(end) + " (is the file cut short?)";
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return "more text follows the " + format + " value" + at(e.getLocation()) + " (the file holds one value)";
        }
        if (e instanceof InvalidNullException || (e instanceof MismatchedInputException
                && e.getOriginalMessage() != null && e.getOriginalMessage().contains("`null`"))) {
            MismatchedInputException missing = (MismatchedInputException) e;
            return where(key(missing)) + "has no value (expected " + expected(missing) + ")";
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getType() != null
                && instantiation.getType().getRawClass().isEnum()) {
            return where(key(instantiation)) + "expected " + expected(instantiation.getType().getRawClass()) + ", got "
                    + found(e);
        }
        // a record's own check, e.g. a shape of more values than an array holds
        if (e instanceof ValueInstantiationException instantiation
                && instantiation.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            return where(key(instantiation)) + invalid.getMessage();
        }
        if (e instanceof InvalidFormatException invalid) {
            return where(key(invalid)) + "expected " + expected(invalid) + ", got " + quote(invalid.getValue());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return where(key(mismatch)) + "expected " + expected(mismatch) + ", got " + found(e);
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof InputCoercionException range) {
            return where(key(mapping)) + found(range) + " is too large (expected " + expected(range.getTargetType()) + ")";
        }
        if (e instanceof InputCoercionException range) {
            return where(contextKey(range)) + found(range) + " is too large (expected " + expected(range.getTargetType())
                    + ")";
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("");
        Matcher number = MALFORMED_NUMBER.matcher(message);
        Matcher duplicate = DUPLICATE_KEY.matcher(message);
        Matcher nonNumeric = NON_NUMERIC.matcher(message);
        if (nonNumeric.matches()) {
            return where(contextKey(e)) + nonNumeric.group(1) + " is not a number " + format + " allows" + at(e.getLocation())
                    + " (every number here must be finite)";
        }
        if (duplicate.matches()) {
            return where(contextKey(e)).replaceFirst("\\.?[^.\\[]*: $", ": ").replaceFirst("^: $", "")
                    + "the key '" + duplicate.group(1) + "' is given twice";
        }
        if (number.matches()) {
            return where(contextKey(e)) + number.group(1) + " is not a finite number (every number here must be finite)";
        }
        if (e instanceof JsonMappingException mapping) {
            // a syntax error met while binding the value at the key: where the parser met it
            return where(key(mapping)) + (mapping.getCause() instanceof StreamReadException syntax ? "not valid " + format
                    + at(syntax.getLocation()) + ": " : "") + readable(message);
        }
        return "not valid " + format + at(e.getLocation()) + ": " + readable(message);
    }

    /** Whether the text ended where more was expected: a file cut short. */
    private static boolean endsEarly(JacksonException e) {
        return e instanceof JsonEOFException || e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Unexpected end-of-input");
    }

    /** {@code " at line 3, column 14"}, or nothing where the parser did not say. */
    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + (location.getColumnNr() < 1 ? "" : ", column "
                        + location.getColumnNr());
    }

    private static String where(String key) {
        return key.isEmpty() ? "" : key + ": ";
    }

    /** The dotted key of the value an exception is about, e.g. {@code grid.steps[2]}. */
    static String key(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    /** The key the parser was at, for errors raised while reading tokens (before any mapping). */
    private static String contextKey(JacksonException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            String part = context.inObject() ? (context.getCurrentName() == null ? "" : context.getCurrentName())
                    : "[" + context.getCurrentIndex() + "]";
            boolean dotted = context.getParent() != null && !context.getParent().inRoot() && context.inObject();
            key.insert(0, (dotted ? "." : "") + part);
        }
        return key.toString();
    }

    private static String found(JacksonException e) {
        if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return "something else";
        }
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_NULL -> "no value";
                case VALUE_STRING -> quote(parser.getText());
                default -> parser.getText();
            };
        } catch (java.io.IOException unreadable) {
            return "something else";
        }
    }

    private static String quote(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /** What the value at the exception's key should have been; for an element of a list, the element's type. */
    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        boolean element = type != null && type.isArray() && key(e).endsWith("]");
        return expected(element ? type.getComponentType() : type);
    }

    /** What a value of this type looks like in a config file. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number up to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type == double[].class) {
            return "a list of numbers";
        }
        if (type == int[].class) {
            return "a list of whole numbers";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .map(name -> name.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (type.isRecord()) {
            return "a mapping with keys " + Arrays.stream(type.getRecordComponents())
                    .map(component -> SNAKE_CASE.translate(component.getName())).collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of keys to values";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "another kind of value";
    }

    /** A parser's message without the parser's internals (snakeyaml event dumps, Jackson settings). */
    private static String readable(String message) {
        Matcher event = PARSER_EVENT.matcher(message);
        StringBuilder out = new StringBuilder();
        while (event.find()) {
            event.appendReplacement(out, EVENTS.getOrDefault(event.group(1), "something else"));
        }
        event.appendTail(out);
        return out.toString().replaceAll("\\(([0-9]+), from `?StreamReadConstraints[^)]*\\)`?\\)", "($1)")
                .replaceAll("\\s*\\((?:[^()]*`[^()]*)\\)", "").replaceAll("`([^`]*)`", "$1")
                .replaceAll("\\s*\\([^()]*\\[Source: [^]]*][^()]*\\)", "").replaceAll("\\s*\\[Source: [^]]*]", "");
    }
}
