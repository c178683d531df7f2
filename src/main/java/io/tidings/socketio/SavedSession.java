package io.tidings.socketio;

import io.tidings.protocol.JsonText;
import io.tidings.protocol.Position;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Socket.IO socket leaves for its client to recover after its connection is lost (connection state recovery):
 * its namespace, its user (null when anonymous) and each channel it is subscribed to with the position it started
 * from.
 */
public record SavedSession(String namespace, String user, Map<String, Position> channels) {

    public SavedSession {
        channels = Map.copyOf(channels);
    }

    String toJson() {
        JsonObjectBuilder subscribed = SocketIoDialect.JSON.createObjectBuilder();
        channels.forEach((channel, from) -> subscribed.add(
                channel,
                SocketIoDialect.JSON
                        .createArrayBuilder()
                        .add(from.offset())
                        .add(from.epoch() == null ? JsonValue.NULL : SocketIoDialect.JSON.createValue(from.epoch()))));
        return SocketIoDialect.JSON
                .createObjectBuilder()
                .add("namespace", namespace)
                .add("user", user == null ? JsonValue.NULL : SocketIoDialect.JSON.createValue(user))
                .add("channels", subscribed)
                .build()
                .toString();
    }

    /** @throws RuntimeException when it is not what {@link #toJson} wrote */
    static SavedSession fromJson(String json) {
        JsonObject saved = JsonText.parseObject(json);
        Map<String, Position> channels = new LinkedHashMap<>();
        saved.getJsonObject("channels").forEach((channel, from) -> {
            JsonArray position = from.asJsonArray();
            channels.put(channel, new Position(position.getJsonNumber(0).longValue(), position.getString(1, null)));
        });
        return new SavedSession(saved.getString("namespace"), saved.getString("user", null), channels);
    }
}
