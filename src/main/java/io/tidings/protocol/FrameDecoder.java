package io.tidings.protocol;

import io.tidings.cluster.Position;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Turns a text frame into a {@link ClientFrame}, or a {@link FrameException} saying precisely what is wrong. */
public final class FrameDecoder {

    public static final int MAX_ID_LENGTH = 64;
    /** Deeper JSON is refused unparsed. */
    public static final int MAX_DEPTH = 32;

    private static final int MAX_ECHO = 40;
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Map<String, BiFunction<String, JsonObject, ClientFrame>> TYPES = Map.of(
            "authenticate", (id, o) -> new ClientFrame.Authenticate(id, string(o, "token", id)),
            "subscribe", (id, o) -> new ClientFrame.Subscribe(id, string(o, "channel", id), since(o, id)),
            "unsubscribe", (id, o) -> new ClientFrame.Unsubscribe(id, string(o, "channel", id)),
            "publish",
                    (id, o) -> new ClientFrame.Publish(
                            id, string(o, "channel", id), string(o, "event", id), object(o, "data", id)),
            "ping", (id, o) -> new ClientFrame.Ping(id));

    private FrameDecoder() {}

    public static ClientFrame decode(String text) {
        JsonObject frame = parse(text);
        String id = id(frame);
        JsonValue type = frame.get("type");
        if (type == null) {
            throw bad("missing field: type", id);
        }
        if (!(type instanceof JsonString typeName)) {
            throw bad("field type must be a string", id);
        }
        var decoder = TYPES.get(typeName.getString());
        if (decoder == null) {
            throw bad("unknown type: " + echo(typeName.getString()), id);
        }
        return decoder.apply(id, frame);
    }

    /** Parses a JSON object, with the protocol's error when the text is not one. */
    public static JsonObject parse(String text) {
        if (nestingDepth(text) > MAX_DEPTH) {
            throw bad("nested deeper than " + MAX_DEPTH + " levels", null);
        }
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // parsers differ in what they throw for bad input (JsonException, IllegalStateException, others)
            throw bad("not valid JSON", null);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad("a frame must be a JSON object", null);
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

    private static String id(JsonObject frame) {
        JsonValue id = frame.get("id");
        if (id == null || id == JsonValue.NULL) {
            return null;
        }
        if (!(id instanceof JsonString s) || s.getString().length() > MAX_ID_LENGTH) {
            throw bad("field id must be a string of at most " + MAX_ID_LENGTH + " characters", null);
        }
        return s.getString();
    }

    static String string(JsonObject frame, String field, String id) {
        JsonValue value = required(frame, field, id);
        if (!(value instanceof JsonString s)) {
            throw bad("field " + field + " must be a string", id);
        }
        return s.getString();
    }

    static JsonObject object(JsonObject frame, String field, String id) {
        JsonValue value = required(frame, field, id);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad("field " + field + " must be an object", id);
        }
        return value.asJsonObject();
    }

    private static Optional<Position> since(JsonObject frame, String id) {
        JsonValue since = frame.get("since");
        if (since == null || since == JsonValue.NULL) {
            return Optional.empty();
        }
        if (since.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad("field since must be an object {offset, epoch}", id);
        }
        JsonValue offset = since.asJsonObject().get("offset");
        if (!(offset instanceof JsonNumber n)
                || !n.isIntegral()
                || n.bigIntegerValue().signum() < 0
                || n.bigIntegerValue().bitLength() > 63) {
            throw bad("field since.offset must be a non-negative integer", id);
        }
        return Optional.of(new Position(n.longValue(), string(since.asJsonObject(), "epoch", id)));
    }

    private static JsonValue required(JsonObject frame, String field, String id) {
        JsonValue value = frame.get(field);
        if (value == null) {
            throw bad("missing field: " + field, id);
        }
        return value;
    }

    private static FrameException bad(String message, String id) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, id);
    }

    /** A client's text, shortened and stripped to the channel alphabet, safe to put in a message. */
    public static String echo(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.:@=,-]", "?");
        return safe.length() <= MAX_ECHO ? safe : safe.substring(0, MAX_ECHO) + "...";
    }
}
