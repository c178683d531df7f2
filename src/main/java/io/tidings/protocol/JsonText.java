package io.tidings.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
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
        JsonObject object = parseUnchecked(text);
        checkValues(object);
        return object;
    }

    /** Any JSON value in {@code text}, bounded in depth and checked as {@link #checkValues} does. */
    public static JsonValue parseValue(String text) {
        JsonValue value = read(text);
        checkValues(value);
        return value;
    }

    /** Any JSON value in {@code text}, bounded in depth, its values not checked. */
    private static JsonValue read(String text) {
        if (nestingDepth(text) > MAX_DEPTH) {
            throw new Malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (RuntimeException e) {
            // parsers differ in what they throw for bad input (JsonException, IllegalStateException, others)
            throw new Malformed("not valid JSON");
        }
    }

    /**
     * The JSON object in {@code text}, its values not yet checked with {@link #checkValues}: for a reader that wants
     * a field (a frame's {@code id}) before it refuses the rest.
     */
    static JsonObject parseUnchecked(String text) {
        JsonValue value = read(text);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Malformed("a frame must be a JSON object");
        }
        return value.asJsonObject();
    }

    /**
     * Refuses what could not be sent on as it came: text with a lone UTF-16 surrogate (JSON's {@code \ud800} escape
     * makes one, and it has no UTF-8 form) in any string or key, and a number that does not fit a double (such as
     * {@code 1e999999}). Checked at the edge, so every frame Tidings sends is valid UTF-8 on every server.
     *
     * @throws Malformed saying which
     */
    public static void checkValues(JsonValue value) {
        switch (value.getValueType()) {
            case STRING -> checkText(((JsonString) value).getString());
            case NUMBER -> {
                if (Double.isInfinite(((JsonNumber) value).doubleValue())) {
                    throw new Malformed("a number is too large");
                }
            }
            case OBJECT ->
                value.asJsonObject().forEach((key, member) -> {
                    checkText(key);
                    checkValues(member);
                });
            case ARRAY -> value.asJsonArray().forEach(JsonText::checkValues);
            default -> {}
        }
    }

    private static void checkText(String text) {
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw new Malformed("text must be valid Unicode: a lone surrogate at character " + lone);
        }
    }

    /** Whether the text has a UTF-8 form (no lone surrogate). */
    static boolean isValidText(String text) {
        return loneSurrogate(text) < 0;
    }

    private static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
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
