package io.tidings.socketio;

import io.tidings.protocol.CloseCode;
import io.tidings.protocol.Dialect;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Socket.IO on one of its namespaces, over Engine.IO 4: Tidings frames out become Socket.IO packets in Engine.IO
 * message packets, client events in become Tidings frames. By default a client event {@code name} with an object
 * {@code {...}} is the Tidings frame {@code {type: name, ...}}, and its acknowledgement id is the frame's {@code id};
 * an answer to a frame with an id is the acknowledgement {@code {success, ...}}, any other frame an event named after
 * its type; a channel's event is emitted under its own name as {@code {channel, data, offset, timestamp}}. A system's
 * own event names and shapes are a subclass ({@link ExchangeDialect}, {@link MessagingAppDialect}, {@link
 * WalletDialect}).
 */
public class SocketIoDialect implements Dialect {

    static final JsonProvider JSON = JsonProvider.provider();
    /** Frames that answer a client frame: with an id, they become its acknowledgement. */
    private static final Set<String> ANSWERS =
            Set.of("subscribed", "unsubscribed", "published", "ack", "pong", "authenticated", "error");
    /** After these closes the client must not reconnect as it is: tell it the server ended the namespace. */
    private static final Set<CloseCode> FINAL = Set.of(
            CloseCode.UNAUTHORIZED,
            CloseCode.TOKEN_EXPIRED,
            CloseCode.POLICY_VIOLATION,
            CloseCode.RATE_LIMITED,
            CloseCode.DISCONNECTED);

    private final String namespace;
    private final EventFormat events;

    public SocketIoDialect(String namespace) {
        this.namespace = namespace;
        this.events = this::writeEvent;
    }

    /** The Socket.IO namespace, e.g. {@code /ws}. */
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return "socket.io";
    }

    /** A system's own names and shapes on Socket.IO: {@code socket.io:<system>} in metrics and the monitor. */
    protected static String nameOf(String system) {
        return "socket.io:" + system;
    }

    @Override
    public EventFormat events() {
        return events;
    }

    @Override
    public String ping() {
        return "2";
    }

    @Override
    public String farewell(CloseCode code) {
        return FINAL.contains(code) ? packet(SocketIoPacket.Type.DISCONNECT, -1, null) : null;
    }

    /** An event of a channel, written once per publication for every Socket.IO client of this namespace. */
    private String writeEvent(String channel, String event, String data, long offset, long ts) {
        StringBuilder args = new StringBuilder(96 + 2 * channel.length() + data.length())
                .append('[')
                .append(JSON.createValue(eventName(event)))
                .append(',');
        envelope(args, channel, event, data, offset, ts);
        return packet(SocketIoPacket.Type.EVENT, -1, recoveryOffset(args, channel, offset, ts));
    }

    /**
     * Ends an event's arguments with its offset for connection state recovery ({@link RecoveryOffset}), the client
     * keeping the last argument of each event when it is a string, as Socket.IO servers write it; an ephemeral event
     * has none.
     */
    private static String recoveryOffset(StringBuilder args, String channel, long offset, long ts) {
        if (offset > 0) {
            args.append(",\"")
                    .append(RecoveryOffset.format(ts, offset, channel))
                    .append('"');
        }
        return args.append(']').toString();
    }

    /** The namespace's CONNECT packet naming the socket's private id for connection state recovery. */
    static String withPid(String connect, String pid) {
        int end = connect.lastIndexOf('}');
        return end < 0 ? connect : connect.substring(0, end) + ",\"pid\":\"" + pid + "\"" + connect.substring(end);
    }

    /** The name a channel's event is emitted under: its own by default. */
    protected String eventName(String event) {
        return event;
    }

    /** The object a listener receives for a channel's event. The channel grammar needs no escaping. */
    protected void envelope(StringBuilder out, String channel, String event, String data, long offset, long ts) {
        out.append("{\"channel\":\"").append(channel).append("\",\"data\":").append(data);
        if (offset > 0) {
            out.append(",\"offset\":").append(offset);
        }
        out.append(",\"timestamp\":").append(ts).append('}');
    }

    @Override
    public void render(String frame, Consumer<String> out) {
        JsonObject tidings = JsonText.parseObject(frame);
        String type = tidings.getString("type");
        long ack = ackId(tidings);
        switch (type) {
            case "connected" -> {
                out.accept(packet(
                        SocketIoPacket.Type.CONNECT,
                        -1,
                        JSON.createObjectBuilder()
                                .add("sid", tidings.getString("session"))
                                .build()
                                .toString()));
                connected(tidings, out);
            }
            case "event" -> {
                JsonValue offset = tidings.get("offset");
                out.accept(writeEvent(
                        tidings.getString("channel"),
                        tidings.getString("event"),
                        tidings.get("data").toString(),
                        offset == null ? 0 : tidings.getJsonNumber("offset").longValue(),
                        tidings.getJsonNumber("ts").longValue()));
            }
            default -> answer(type, ack, without(tidings, "type", "id"), out);
        }
    }

    /** After the namespace's CONNECT: nothing more by default. */
    protected void connected(JsonObject tidings, Consumer<String> out) {}

    /**
     * An answer or notice: the acknowledgement of the client's event when it asked for one, else an event named after
     * the frame's type.
     */
    protected void answer(String type, long ack, JsonObject fields, Consumer<String> out) {
        if (ack >= 0 && ANSWERS.contains(type)) {
            out.accept(acknowledgement(ack, type, fields));
        } else {
            out.accept(emit(type, fields));
        }
    }

    /** The ACK packet answering event {@code ack}: {@code {success: true, ...}} or {@code {success: false, code, message}}. */
    protected String acknowledgement(long ack, String type, JsonObject fields) {
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("success", !"error".equals(type));
        fields.forEach(answer::add);
        return acknowledgement(ack, answer.build());
    }

    /** The ACK packet answering event {@code ack} with this value. */
    protected String acknowledgement(long ack, JsonValue answer) {
        return packet(
                SocketIoPacket.Type.ACK,
                ack,
                JSON.createArrayBuilder().add(answer).build().toString());
    }

    /** An EVENT packet of this namespace. */
    protected String emit(String event, JsonValue payload) {
        return packet(
                SocketIoPacket.Type.EVENT,
                -1,
                JSON.createArrayBuilder().add(event).add(payload).build().toString());
    }

    /** A Socket.IO packet of this namespace in an Engine.IO message packet. */
    protected String packet(SocketIoPacket.Type type, long ack, String json) {
        return "4" + SocketIoPacket.encode(type, namespace, ack, json);
    }

    /**
     * The Tidings frame a client's EVENT stands for, or null when there is nothing to hand on (the dialect answered it).
     *
     * @param user the connection's user, null when anonymous
     * @throws FrameException when it stands for none
     */
    public String toTidings(SocketIoPacket packet, String user) {
        JsonArray args = packet.data().asJsonArray();
        JsonObject fields = argument(args, packet.ack());
        return tidingsFrame(packet.event(), packet.ack(), fields, user);
    }

    /** By default the event is the frame's type and its object the frame's fields. */
    protected String tidingsFrame(String event, long ack, JsonObject fields, String user) {
        return frame(event, ack, without(fields, "type", "id")).toString();
    }

    /** A Tidings frame of this type with the acknowledgement id as its {@code id}. */
    protected static JsonObject frame(String type, long ack, Map<String, JsonValue> fields) {
        JsonObjectBuilder frame = JSON.createObjectBuilder().add("type", type);
        if (ack >= 0) {
            frame.add("id", Long.toString(ack));
        }
        fields.forEach(frame::add);
        return frame.build();
    }

    /** The event's first argument: an object, or none (an empty one). */
    private static JsonObject argument(JsonArray args, long ack) {
        if (args.size() < 2 || args.get(1).getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (args.get(1).getValueType() != JsonValue.ValueType.OBJECT) {
            throw new FrameException(
                    ErrorCode.BAD_REQUEST,
                    "the event's argument must be an object",
                    ack >= 0 ? Long.toString(ack) : null);
        }
        return args.getJsonObject(1);
    }

    private static long ackId(JsonObject tidings) {
        JsonValue id = tidings.get("id");
        if (id == null || id.getValueType() != JsonValue.ValueType.STRING) {
            return -1;
        }
        String text = tidings.getString("id");
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(text);
    }

    protected static JsonObject without(JsonObject object, String... keys) {
        JsonObjectBuilder copy = JSON.createObjectBuilder(object);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy.build();
    }
}
