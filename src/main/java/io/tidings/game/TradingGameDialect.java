package io.tidings.game;

import io.tidings.protocol.Dialect;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.IsoTime;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The trading game's frames, {@code {type, ..., timestamp}} with an ISO-8601 timestamp as JavaScript's {@code
 * toISOString()} writes it. A publication on {@code tokens:{symbol}} is {@code token_data {symbol, data}} (another
 * event name than {@code token.update} keeps its name as the type); {@code connected} is {@code connection_status},
 * followed by {@code authorized} when the connection has a user, as is {@code authenticated} after {@code
 * authentication_result}; errors are {@code error {code, message, details, originalType}}, or {@code
 * authentication_result {status: "failed"}} for a refused {@code authenticate}. Heartbeats are WebSocket pings (which
 * browsers answer by themselves); the client's own {@code ping} is answered {@code pong}.
 */
final class TradingGameDialect implements Dialect {

    static final TradingGameDialect INSTANCE = new TradingGameDialect();

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonValue AUTHENTICATE = JSON.createValue("authenticate");
    /** Shared by every connection of the dialect, so a publication is written once for all of them. */
    private static final EventFormat EVENTS = TradingGameDialect::event;

    private TradingGameDialect() {}

    @Override
    public String name() {
        return "trading-game";
    }

    @Override
    public EventFormat events() {
        return EVENTS;
    }

    /** A channel's publication: {@code token_data {symbol, data, timestamp}} on {@code tokens:{symbol}}. */
    static String event(String channel, String event, String data, long ts) {
        StringBuilder frame = new StringBuilder(96 + channel.length() + data.length()).append("{\"type\":");
        // the channel grammar needs no escaping; the event name goes through JSON-P, the data is JSON already
        if (channel.startsWith(GameFrame.TOKENS)) {
            frame.append(JSON.createValue("token.update".equals(event) ? "token_data" : event))
                    .append(",\"symbol\":\"")
                    .append(channel, GameFrame.TOKENS.length(), channel.length())
                    .append('"');
        } else {
            frame.append(JSON.createValue(event))
                    .append(",\"channel\":\"")
                    .append(channel)
                    .append('"');
        }
        return frame.append(",\"data\":")
                .append(data)
                .append(",\"timestamp\":\"")
                .append(timestamp(ts))
                .append("\"}")
                .toString();
    }

    private static String event(String channel, String event, String data, long offset, long ts) {
        return event(channel, event, data, ts);
    }

    @Override
    public void render(String frame, Consumer<String> out) {
        JsonObject tidings = JsonText.parseObject(frame);
        long now = System.currentTimeMillis();
        switch (tidings.getString("type")) {
            case "connected" -> {
                JsonValue user = tidings.get("user");
                if (user.getValueType() == JsonValue.ValueType.STRING) {
                    out.accept(text(
                            frame("connection_status")
                                    .add("status", "authenticated")
                                    .add("userId", user),
                            now));
                    out.accept(text(frame("authorized").add("userId", user), now));
                } else {
                    out.accept(text(
                            frame("connection_status")
                                    .add("status", "connected")
                                    .add("authenticated", false),
                            now));
                }
            }
            case "authenticated" -> {
                JsonValue user = tidings.get("user");
                out.accept(text(
                        frame("authentication_result").add("status", "success").add("userId", user), now));
                out.accept(text(frame("authorized").add("userId", user), now));
            }
            case "pong" -> out.accept(text(frame("pong"), now));
            case "error" -> out.accept(text(error(tidings), now));
            case "event" ->
                out.accept(event(
                        tidings.getString("channel"),
                        tidings.getString("event"),
                        tidings.get("data").toString(),
                        tidings.getJsonNumber("ts").longValue()));
            default -> {} // subscribed, unsubscribed: the adapter confirmed the request itself; token_expiring
        }
    }

    /** A refused {@code authenticate} is its {@code authentication_result}; anything else an {@code error}. */
    private static JsonObjectBuilder error(JsonObject tidings) {
        JsonValue id = tidings.get("id");
        String message = tidings.getString("message");
        String code = tidings.getString("code");
        if (AUTHENTICATE.equals(id) && !"bad_request".equals(code)) {
            return frame("authentication_result").add("status", "failed").add("error", message);
        }
        JsonObjectBuilder error = frame("error")
                .add("code", code.toUpperCase(Locale.ROOT))
                .add("message", "Failed to process message")
                .add("details", message);
        if (id != null) {
            error.add("originalType", id);
        }
        return error;
    }

    /** {@code tokens_subscribed} or {@code tokens_unsubscribed} {@code {symbols, count}}: the symbols it changed. */
    static String confirmation(String type, Collection<String> symbols, long now) {
        return text(frame(type).add("symbols", JSON.createArrayBuilder(symbols)).add("count", symbols.size()), now);
    }

    /**
     * The answer to {@code get_all_tokens}: {@code token_update {data: [...]}}, the latest data of each token (with
     * its {@code symbol}) from the kept {@code event} frames of the {@code tokens:} channels, in their order.
     */
    static String allTokens(Collection<String> stateFrames, long now) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        for (String stateFrame : stateFrames) {
            JsonObject state = JsonText.parseObject(stateFrame);
            if (state.get("data") instanceof JsonObject token) {
                data.add(
                        token.containsKey("symbol")
                                ? token
                                : JSON.createObjectBuilder(token)
                                        .add(
                                                "symbol",
                                                state.getString("channel").substring(GameFrame.TOKENS.length()))
                                        .build());
            }
        }
        return text(frame("token_update").add("data", data), now);
    }

    private static JsonObjectBuilder frame(String type) {
        return JSON.createObjectBuilder().add("type", type);
    }

    /** The frame's text, its timestamp last. */
    private static String text(JsonObjectBuilder frame, long now) {
        return frame.add("timestamp", timestamp(now)).build().toString();
    }

    static String timestamp(long epochMillis) {
        return IsoTime.of(epochMillis);
    }
}
