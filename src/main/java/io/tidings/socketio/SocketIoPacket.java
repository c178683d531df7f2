package io.tidings.socketio;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonValue;

/**
 * A Socket.IO packet (protocol 5) as text: {@code <type>[<namespace>,][<ack id>][<JSON payload>]}, carried in an
 * Engine.IO message packet ({@code 4}). Binary attachments (types 5 and 6) are refused when read.
 *
 * @param namespace always given, {@code /} for the main one
 * @param ack the acknowledgement id, or -1 when none
 * @param data the payload, or null when none
 */
public record SocketIoPacket(Type type, String namespace, long ack, JsonValue data) {

    /** Namespaces are short paths; anything longer is not one of ours. */
    static final int MAX_NAMESPACE = 64;

    /** Acknowledgement ids are counters; the client's fit in 32 bits, ours too. */
    static final long MAX_ACK = 0xFFFFFFFFL;

    public enum Type {
        CONNECT,
        DISCONNECT,
        EVENT,
        ACK,
        CONNECT_ERROR,
        BINARY_EVENT,
        BINARY_ACK
    }

    /**
     * Reads a packet (the text after the Engine.IO {@code 4}).
     *
     * @throws FrameException {@code bad_request}, with a message safe to show, when it is not a valid packet
     */
    public static SocketIoPacket decode(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw bad("not a Socket.IO packet");
        }
        Type type = Type.values()[text.charAt(0) - '0'];
        if (type == Type.BINARY_EVENT || type == Type.BINARY_ACK) {
            throw bad("binary attachments are not supported: send JSON only");
        }
        int at = 1;
        String namespace = "/";
        if (at < text.length() && text.charAt(at) == '/') {
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            if (end - at > MAX_NAMESPACE) {
                throw bad("namespace too long");
            }
            namespace = text.substring(at, end);
            at = comma < 0 ? end : end + 1;
        }
        long ack = -1;
        int digits = at;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits > at) {
            if (digits - at > 10 || (ack = Long.parseLong(text.substring(at, digits))) > MAX_ACK) {
                throw bad("acknowledgement id out of range");
            }
            at = digits;
        }
        JsonValue data = null;
        if (at < text.length()) {
            try {
                data = JsonText.parseValue(text.substring(at));
            } catch (JsonText.Malformed e) {
                throw bad("payload: " + e.getMessage());
            }
        }
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ack, data);
        packet.check();
        return packet;
    }

    /** The shapes the protocol requires of each type's payload. */
    private void check() {
        switch (type) {
            case CONNECT -> {
                if (data != null && data.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw bad("a CONNECT payload must be an object");
                }
            }
            case EVENT -> {
                if (data == null
                        || data.getValueType() != JsonValue.ValueType.ARRAY
                        || data.asJsonArray().isEmpty()
                        || data.asJsonArray().get(0).getValueType() != JsonValue.ValueType.STRING) {
                    throw bad("an EVENT payload must be an array starting with the event name");
                }
            }
            case ACK -> {
                if (ack < 0 || data == null || data.getValueType() != JsonValue.ValueType.ARRAY) {
                    throw bad("an ACK needs an id and an array payload");
                }
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw bad("a DISCONNECT has no payload");
                }
            }
            default -> throw bad("a client does not send " + type);
        }
    }

    /** The packet as text, without the Engine.IO {@code 4}. */
    public String encode() {
        return encode(type, namespace, ack, data == null ? null : data.toString());
    }

    /**
     * Writes a packet whose payload is JSON text already (a publication's data is): nothing is parsed again.
     *
     * @param ack -1 for none
     * @param json the payload as JSON text, or null
     */
    public static String encode(Type type, String namespace, long ack, String json) {
        StringBuilder text = new StringBuilder(8 + namespace.length() + (json == null ? 0 : json.length()));
        text.append((char) ('0' + type.ordinal()));
        if (!"/".equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (ack >= 0) {
            text.append(ack);
        }
        if (json != null) {
            text.append(json);
        }
        return text.toString();
    }

    /** The event's name, for an EVENT. */
    public String event() {
        return data.asJsonArray().getString(0);
    }

    private static FrameException bad(String message) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, null);
    }
}
