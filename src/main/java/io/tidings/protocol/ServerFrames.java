package io.tidings.protocol;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/** Writes the server's frames (all but {@code event}, which is written once per publication by the delivery). */
public final class ServerFrames {

    private static final JsonProvider JSON = JsonProvider.provider();

    private ServerFrames() {}

    public static String connected(String session, String user, String namespace, int heartbeatSeconds) {
        JsonObjectBuilder b = frame("connected", null).add("session", session);
        if (user == null) {
            b.addNull("user");
        } else {
            b.add("user", user);
        }
        return b.add("namespace", namespace)
                .add("heartbeat", heartbeatSeconds)
                .add("ts", now())
                .build()
                .toString();
    }

    public static String authenticated(String id, String user, long expires) {
        return frame("authenticated", id)
                .add("user", user)
                .add("expires", expires)
                .build()
                .toString();
    }

    public static String tokenExpiring(long expires) {
        return frame("token_expiring", null).add("expires", expires).build().toString();
    }

    /** {@code recovered} is null when the client sent no {@code since}, and then left out. */
    public static String subscribed(String id, String channel, Position position, Boolean recovered) {
        JsonObjectBuilder b = frame("subscribed", id)
                .add("channel", channel)
                .add("offset", position.offset())
                .add("epoch", position.epoch());
        if (recovered != null) {
            b.add("recovered", recovered);
        }
        return b.build().toString();
    }

    public static String unsubscribed(String id, String channel) {
        return frame("unsubscribed", id).add("channel", channel).build().toString();
    }

    public static String published(String id, String channel, long offset) {
        return frame("published", id)
                .add("channel", channel)
                .add("offset", offset)
                .build()
                .toString();
    }

    /** The answer to a namespace verb that was carried out. */
    public static String ack(String id) {
        return frame("ack", id).build().toString();
    }

    /** The answer to a {@code message:send} that was delivered, with the message's id. */
    public static String ack(String id, String messageId) {
        return frame("ack", id).add("messageId", messageId).build().toString();
    }

    public static String pong(String id) {
        return frame("pong", id).add("ts", now()).build().toString();
    }

    public static String error(String id, ErrorCode code, String message) {
        return frame("error", id)
                .add("code", code.wire())
                .add("message", message)
                .build()
                .toString();
    }

    public static String error(FrameException e) {
        return error(e.id(), e.code(), e.getMessage());
    }

    private static JsonObjectBuilder frame(String type, String id) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", type);
        if (id != null) {
            b.add("id", id);
        }
        return b;
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
