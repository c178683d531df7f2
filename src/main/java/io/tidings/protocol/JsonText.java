package io.tidings.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Parses the JSON objects clients and backends send, bounded in depth, with a message safe to show them. */
public final class JsonText {

    /** Deeper JSON is refused unparsed. */
    public static final int MAX_DEPTH = 32;

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonText() {}

    /** Why a text is not an acceptable JSON object; the message is safe to show. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The JSON object in {@code text}; {@link Malformed} when it is not one. */
    public static JsonObject parseObject(String text) {
        if (nestingDepth(text) > MAX_DEPTH) {
            throw new Malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // parsers differ in what they throw for bad input (JsonException, IllegalStateException, others)
            throw new Malformed("not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Malformed("a frame must be a JSON object");
        }
        return value.asJsonObject();
    }

    /**
     * How deeply arrays and objects nest, outside strings. Checked before parsing: a parser may recurse per level,
     * and no frame needs many.
     */
    static int nestingDepth(String text) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }
}
