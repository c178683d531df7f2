package io.tidings.socketio;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The exchange gateway's event names and shapes on {@code /ws} ({@code shared/systems/exchange-gateway.md}):
 * {@code subscribe {channel, symbol, interval}}, {@code subscribe.private {channel: "user.orders"}} and their
 * {@code unsubscribe}, answered by the events {@code subscribed}, {@code unsubscribed} or {@code error}; {@code
 * connected} after the namespace's CONNECT; {@code ping} answered {@code pong {timestamp}}. Events keep their own
 * names ({@code ticker.update}) and come as {@code {channel, data, offset, timestamp}}. A client that asks for an
 * acknowledgement gets it as well, {@code {success, ...}}.
 */
final class ExchangeDialect extends SocketIoDialect {

    ExchangeDialect() {
        super("/ws");
    }

    @Override
    public String name() {
        return nameOf("exchange");
    }

    @Override
    protected void connected(JsonObject tidings, Consumer<String> out) {
        JsonObjectBuilder data = JSON.createObjectBuilder().add("clientId", tidings.getString("session"));
        JsonValue user = tidings.get("user");
        data.add("userId", user).add("authenticated", user.getValueType() == JsonValue.ValueType.STRING);
        out.accept(emit(
                "connected", data.add("timestamp", tidings.getJsonNumber("ts")).build()));
    }

    @Override
    protected void answer(String type, long ack, JsonObject fields, Consumer<String> out) {
        JsonObject payload = switch (type) {
            case "subscribed", "unsubscribed" -> ExchangeChannels.describe(fields.getString("channel"));
            case "pong" ->
                JSON.createObjectBuilder()
                        .add("timestamp", fields.getJsonNumber("ts"))
                        .build();
            case "error" -> fields;
            default -> null;
        };
        if (payload == null) {
            super.answer(type, ack, fields, out);
            return;
        }
        out.accept(emit(type, payload));
        if (ack >= 0) {
            out.accept(acknowledgement(ack, type, payload));
        }
    }

    @Override
    protected String tidingsFrame(String event, long ack, JsonObject fields, String user) {
        String id = ack >= 0 ? Long.toString(ack) : null;
        return switch (event) {
            case "subscribe", "unsubscribe" ->
                channelFrame(event, ack, ExchangeChannels.toTidings(fields, user, false, id));
            case "subscribe.private", "unsubscribe.private" ->
                channelFrame(
                        event.substring(0, event.indexOf('.')),
                        ack,
                        ExchangeChannels.toTidings(fields, user, true, id));
            case "ping" -> frame("ping", ack, Map.of()).toString();
            default -> super.tidingsFrame(event, ack, fields, user);
        };
    }

    private static String channelFrame(String type, long ack, String channel) {
        return frame(type, ack, Map.of("channel", JSON.createValue(channel))).toString();
    }

    /** A string field, or null when absent; anything else is refused. */
    static String string(JsonObject fields, String name, String id) {
        JsonValue value = fields.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "field " + name + " must be a string", id);
        }
        return text.getString();
    }
}
