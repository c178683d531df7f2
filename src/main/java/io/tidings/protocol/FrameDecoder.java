package io.tidings.protocol;

import io.tidings.channel.UserId;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a text frame into a {@link ClientFrame}, or a {@link FrameException} saying precisely what is wrong. Each
 * namespace has its own decoder: the core frames plus its own verbs, so a verb of one namespace is an unknown type on
 * every other.
 */
public final class FrameDecoder {

    public static final int MAX_ID_LENGTH = 64;
    private static final int MAX_ECHO = 40;

    private static final Map<String, Verb> CORE = Map.of(
            "authenticate",
            Verb.of(VerbAccess.ANYONE, (id, o) -> new CoreFrame.Authenticate(id, string(o, "token", id))),
            "ping",
            Verb.of(VerbAccess.ANYONE, (id, o) -> new CoreFrame.Ping(id)),
            "subscribe",
            Verb.of(VerbAccess.ADMITTED, FrameDecoder::subscribe),
            "unsubscribe",
            Verb.of(VerbAccess.ADMITTED, FrameDecoder::unsubscribe),
            "publish",
            Verb.of(
                    VerbAccess.ADMITTED,
                    (id, o) -> new CoreFrame.Publish(
                            id, string(o, "channel", id), string(o, "event", id), object(o, "data", id))));

    private final Map<String, Verb> types;

    private FrameDecoder(Map<String, Verb> types) {
        this.types = Map.copyOf(types);
    }

    /** A decoder of the core frames only. */
    public static FrameDecoder core() {
        return new FrameDecoder(CORE);
    }

    /** A decoder of the core frames and these verbs (by type name); a verb may not shadow a core frame. */
    public static FrameDecoder coreAnd(Map<String, Verb> verbs) {
        Map<String, Verb> all = new HashMap<>(CORE);
        verbs.forEach((type, verb) -> {
            if (all.putIfAbsent(type, verb) != null) {
                throw new IllegalArgumentException("verb " + type + " is a core frame");
            }
        });
        return new FrameDecoder(all);
    }

    /** Every verb this decoder reads, by type name. */
    public Map<String, Verb> verbs() {
        return types;
    }

    /**
     * Reads a frame sent by a connection that {@code guard} speaks for: the guard sees who the verb is for before any
     * field is read, so a caller who may not send it learns nothing about its fields.
     */
    public ClientFrame decode(String text, VerbGuard guard) {
        JsonObject frame;
        try {
            frame = JsonText.parseUnchecked(text);
        } catch (JsonText.Malformed e) {
            throw bad(e.getMessage(), null);
        }
        String id = id(frame);
        try {
            JsonText.checkValues(frame); // after the id, so that the refusal carries it
        } catch (JsonText.Malformed e) {
            throw bad(e.getMessage(), id);
        }
        JsonValue type = frame.get("type");
        if (type == null) {
            throw bad("missing field: type", id);
        }
        if (!(type instanceof JsonString typeName)) {
            throw bad("field type must be a string", id);
        }
        Verb verb = types.get(typeName.getString());
        if (verb == null) {
            throw bad("unknown type: " + echo(typeName.getString()), id);
        }
        guard.check(verb.access(), id);
        return verb.reader().read(id, frame);
    }

    /** At most this many channels in one {@code subscribe} or {@code unsubscribe}. */
    public static final int MAX_CHANNELS_PER_SUBSCRIBE = 100;

    private static ClientFrame subscribe(String id, JsonObject frame) {
        if (!frame.containsKey("channels")) {
            return new CoreFrame.Subscribe(id, string(frame, "channel", id), since(frame, id));
        }
        if (frame.containsKey("channel") || frame.containsKey("since")) {
            throw bad("channels comes without channel and since", id);
        }
        return new CoreFrame.SubscribeMany(id, channels(frame, id));
    }

    private static ClientFrame unsubscribe(String id, JsonObject frame) {
        if (!frame.containsKey("channels")) {
            return new CoreFrame.Unsubscribe(id, string(frame, "channel", id));
        }
        if (frame.containsKey("channel")) {
            throw bad("channels comes without channel", id);
        }
        return new CoreFrame.UnsubscribeMany(id, channels(frame, id));
    }

    private static List<String> channels(JsonObject frame, String id) {
        if (!(frame.get("channels") instanceof JsonArray list)
                || list.isEmpty()
                || list.size() > MAX_CHANNELS_PER_SUBSCRIBE) {
            throw bad("channels must be an array of 1 to " + MAX_CHANNELS_PER_SUBSCRIBE + " channel names", id);
        }
        List<String> names = new ArrayList<>(list.size());
        for (JsonValue name : list) {
            if (!(name instanceof JsonString s)) {
                throw bad("channels must be an array of channel names", id);
            }
            names.add(s.getString());
        }
        return List.copyOf(names);
    }

    private static String id(JsonObject frame) {
        JsonValue id = frame.get("id");
        if (id == null || id == JsonValue.NULL) {
            return null;
        }
        if (!(id instanceof JsonString s) || s.getString().length() > MAX_ID_LENGTH) {
            throw bad("field id must be a string of at most " + MAX_ID_LENGTH + " characters", null);
        }
        if (!JsonText.isValidText(s.getString())) {
            throw bad("field id must be valid Unicode", null); // it could not be sent back
        }
        return s.getString();
    }

    /** A required string field, for frame readers. */
    public static String string(JsonObject frame, String field, String id) {
        JsonValue value = required(frame, field, id);
        if (!(value instanceof JsonString s)) {
            throw bad("field " + field + " must be a string", id);
        }
        return s.getString();
    }

    /** A required string field holding a user id ({@link UserId}), for frame readers. */
    public static String userId(JsonObject frame, String field, String id) {
        String user = string(frame, field, id);
        if (!UserId.isValid(user)) {
            throw bad("field " + field + ": " + UserId.RULE, id);
        }
        return user;
    }

    /** A required object field, for frame readers. */
    public static JsonObject object(JsonObject frame, String field, String id) {
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
