package io.tidings.socketio;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;

/**
 * The exchange gateway's channel descriptions and Tidings' channel names, both ways: {@code {channel: "ticker",
 * symbol}} is {@code ticker:{symbol}} ({@code ticker:all} without a symbol), {@code orderbook} and {@code trades}
 * likewise, {@code {channel: "klines", symbol, interval}} is {@code klines:{symbol}:{interval}}, and the private
 * {@code user.orders}, {@code user.trades}, {@code user.balances}, {@code user.deposits} are the connection's user's
 * {@code user:{id}:orders} and so on. A Tidings channel name is taken as it is.
 */
final class ExchangeChannels {

    private static final Map<String, String> PRIVATE = Map.of(
            "user.orders", "orders",
            "user.trades", "trades",
            "user.balances", "balances",
            "user.deposits", "deposits");

    private ExchangeChannels() {}

    /**
     * The Tidings channel a subscribe describes.
     *
     * @param user the connection's user, null when anonymous
     * @param id the frame's id, for an error
     */
    static String toTidings(JsonObject fields, String user, boolean privateOnly, String id) {
        String channel = ExchangeDialect.string(fields, "channel", id);
        if (channel == null || channel.isEmpty()) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "missing field: channel", id);
        }
        String stream = PRIVATE.get(channel);
        if (stream != null) {
            if (user == null) {
                throw new FrameException(
                        ErrorCode.UNAUTHORIZED, "this channel needs an authenticated user: connect with a token", id);
            }
            return "user:" + user + ":" + stream;
        }
        if (privateOnly) {
            throw new FrameException(
                    ErrorCode.INVALID_CHANNEL, "private channels are " + String.join(", ", PRIVATE.keySet()), id);
        }
        String symbol = ExchangeDialect.string(fields, "symbol", id);
        return switch (channel) {
            case "ticker" -> "ticker:" + (symbol == null ? "all" : symbol);
            case "orderbook", "trades" -> channel + ":" + required(symbol, "symbol", id);
            case "klines" ->
                "klines:" + required(symbol, "symbol", id) + ":"
                        + required(ExchangeDialect.string(fields, "interval", id), "interval", id);
            default -> channel; // a Tidings channel name, checked by the namespace's rules
        };
    }

    /** How a {@code subscribed} or {@code unsubscribed} names the channel to an exchange client. */
    static JsonObject describe(String channel) {
        JsonObjectBuilder out = SocketIoDialect.JSON.createObjectBuilder();
        String[] parts = channel.split(":", -1);
        switch (parts[0]) {
            case "ticker", "orderbook", "trades" -> {
                out.add("channel", parts[0]);
                if (parts.length == 2 && !("ticker".equals(parts[0]) && "all".equals(parts[1]))) {
                    out.add("symbol", parts[1]);
                }
            }
            case "klines" -> {
                out.add("channel", "klines");
                if (parts.length == 3) {
                    out.add("symbol", parts[1]).add("interval", parts[2]);
                }
            }
            case "user" -> out.add("channel", parts.length == 3 ? "user." + parts[2] : channel);
            default -> out.add("channel", channel);
        }
        return out.add("room", channel).build();
    }

    private static String required(String value, String name, String id) {
        if (value == null || value.isEmpty()) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "missing field: " + name, id);
        }
        return value;
    }
}
