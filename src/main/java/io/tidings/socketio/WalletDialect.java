package io.tidings.socketio;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The wallet app's event names and shapes on {@code /ws} ({@code shared/systems/wallet-app.md}), for the clients
 * that come on its engine path ({@link EnginePath#WALLET}): {@code subscribe {channel}} and {@code unsubscribe
 * {channel}} acknowledged {@code {success: true}} (or {@code {success: false, error, code}}), {@code ping}
 * acknowledged {@code {type: "pong", timestamp}}; every channel's event is the event {@code message} {@code {type:
 * channel, payload: data, timestamp}} (with the event's name and offset beside them). The wallet's channels are
 * Tidings' ({@code balance:{address}}, {@code nft:{address}}, {@code token:price}, {@code staking:{positionId}}) but
 * for {@code notifications}, the user's {@code user:{id}:notifications}.
 */
final class WalletDialect extends SocketIoDialect {

    private static final String NOTIFICATIONS = "notifications";

    WalletDialect() {
        super("/ws");
    }

    @Override
    public String name() {
        return nameOf("wallet");
    }

    @Override
    protected String eventName(String event) {
        return "message";
    }

    @Override
    protected void envelope(StringBuilder out, String channel, String event, String data, long offset, long ts) {
        out.append("{\"type\":\"")
                .append(walletChannel(channel))
                .append("\",\"payload\":")
                .append(data)
                .append(",\"timestamp\":")
                .append(ts)
                .append(",\"event\":")
                .append(JSON.createValue(event));
        if (offset > 0) {
            out.append(",\"offset\":").append(offset);
        }
        out.append('}');
    }

    /** How the wallet names a Tidings channel; the channel grammar needs no escaping. */
    static String walletChannel(String channel) {
        return channel.startsWith("user:") && channel.endsWith(":" + NOTIFICATIONS) ? NOTIFICATIONS : channel;
    }

    @Override
    protected void answer(String type, long ack, JsonObject fields, Consumer<String> out) {
        switch (type) {
            case "subscribed", "unsubscribed" -> {
                String channel = walletChannel(fields.getString("channel"));
                if (ack >= 0) {
                    out.accept(acknowledgement(
                            ack,
                            JSON.createObjectBuilder()
                                    .add("success", true)
                                    .add("channel", channel)
                                    .build()));
                } else {
                    out.accept(emit(
                            type,
                            JSON.createObjectBuilder().add("channel", channel).build()));
                }
            }
            case "pong" -> {
                JsonObject pong = JSON.createObjectBuilder()
                        .add("type", "pong")
                        .add("timestamp", fields.getJsonNumber("ts"))
                        .build();
                out.accept(ack >= 0 ? acknowledgement(ack, pong) : emit("pong", pong));
            }
            case "error" -> {
                if (ack >= 0) {
                    JsonObjectBuilder refusal = JSON.createObjectBuilder()
                            .add("success", false)
                            .add("error", fields.getString("message", "refused"));
                    fields.forEach(refusal::add);
                    out.accept(acknowledgement(ack, refusal.build()));
                } else {
                    out.accept(emit("error", fields));
                }
            }
            default -> super.answer(type, ack, fields, out);
        }
    }

    @Override
    protected String tidingsFrame(String event, long ack, JsonObject fields, String user) {
        return switch (event) {
            case "subscribe", "unsubscribe" ->
                frame(
                                event,
                                ack,
                                Map.of(
                                        "channel",
                                        JSON.createValue(
                                                tidingsChannel(fields, user, ack >= 0 ? Long.toString(ack) : null))))
                        .toString();
            case "ping" -> frame("ping", ack, Map.of()).toString();
            default -> super.tidingsFrame(event, ack, fields, user);
        };
    }

    /** The Tidings channel a wallet channel is: itself, but {@code notifications} the user's own. */
    static String tidingsChannel(JsonObject fields, String user, String id) {
        String channel = ExchangeDialect.string(fields, "channel", id);
        if (channel == null || channel.isEmpty()) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "No channel provided", id);
        }
        if (!NOTIFICATIONS.equals(channel)) {
            return channel;
        }
        if (user == null) {
            throw new FrameException(
                    ErrorCode.UNAUTHORIZED, "notifications need an authenticated user: connect with a token", id);
        }
        return "user:" + user + ":" + NOTIFICATIONS;
    }
}
