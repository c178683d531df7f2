package io.tidings.analyzer;

import io.tidings.protocol.Dialect;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.IsoTime;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.function.Consumer;

/**
 * The market analyzer's frames out. A channel's event is {@code {type: event, data, timestamp, coinId}} on a coin's
 * channels ({@code price:}, {@code whales:}, {@code social:}), {@code {type, data, timestamp, userId, coinId}} on a
 * user's (with the {@code coinId} of the data, when it has one), {@code {type, data, timestamp}} otherwise (an
 * announcement: the analyzer's broadcast to all); {@code timestamp} is ISO-8601 in UTC with milliseconds. Answers are
 * {@code {type, data, timestamp}} frames of their own types: {@code welcome}, {@code authenticated}, {@code
 * subscribed} and {@code unsubscribed} (once per coin: its {@code price:} channel's answer speaks for the coin), {@code
 * pong}, {@code error {error: code, message}}. Heartbeats are WebSocket pings, which its clients answer by themselves.
 */
public final class AnalyzerDialect implements Dialect {

    /** A coin's channels, in the order they are subscribed: the one that answers for the coin last. */
    static final List<String> COIN_STREAMS = List.of("whales", "social", "price");

    private static final String ANSWERING = "price:";
    private static final JsonProvider JSON = JsonProvider.provider();

    private final EventFormat events = AnalyzerDialect::event;

    @Override
    public String name() {
        return "analyzer";
    }

    @Override
    public EventFormat events() {
        return events;
    }

    /** A user's alerts and portfolio updates: the analyzer sent them to every connection of the user. */
    @Override
    public List<String> ownChannels(String user) {
        return List.of("user:" + user + ":alerts", "user:" + user + ":portfolio");
    }

    /** A publication as the analyzer's frame, written once per publication for all its clients. */
    static String event(String channel, String event, String data, long offset, long ts) {
        // The channel grammar needs no escaping; the event name goes through JSON-P, the data is JSON already.
        StringBuilder frame = new StringBuilder(96 + channel.length() + data.length())
                .append("{\"type\":")
                .append(JSON.createValue(event))
                .append(",\"data\":")
                .append(data)
                .append(",\"timestamp\":\"")
                .append(timestamp(ts))
                .append('"');
        String coin = coinOf(channel);
        if (coin != null) {
            frame.append(",\"coinId\":\"").append(coin).append('"');
        } else if (channel.startsWith("user:")) {
            frame.append(",\"userId\":\"")
                    .append(channel, "user:".length(), channel.lastIndexOf(':'))
                    .append('"');
            String dataCoin = coinIdIn(data);
            if (dataCoin != null) {
                frame.append(",\"coinId\":").append(JSON.createValue(dataCoin));
            }
        }
        return frame.append('}').toString();
    }

    @Override
    public void render(String frame, Consumer<String> out) {
        JsonObject tidings = JsonText.parseObject(frame);
        String type = tidings.getString("type");
        switch (type) {
            case "event" ->
                out.accept(event(
                        tidings.getString("channel"),
                        tidings.getString("event"),
                        tidings.get("data").toString(),
                        0,
                        tidings.getJsonNumber("ts").longValue()));
            case "connected" ->
                out.accept(answer(
                        "welcome",
                        JSON.createObjectBuilder()
                                .add("message", "Connected to WebSocket")
                                .add("connectionId", tidings.getString("session"))));
            case "authenticated" ->
                out.accept(answer(
                        "authenticated",
                        JSON.createObjectBuilder()
                                .add("message", "Authentication successful")
                                .add("userId", tidings.getString("user"))));
            case "subscribed", "unsubscribed" -> {
                String channel = tidings.getString("channel");
                if (channel.startsWith(ANSWERING)) {
                    String coin = channel.substring(ANSWERING.length());
                    out.accept(answer(
                            type, JSON.createObjectBuilder().add("coinId", coin).add("subscription", "coin:" + coin)));
                }
            }
            case "pong" ->
                out.accept("{\"type\":\"pong\",\"timestamp\":\""
                        + timestamp(tidings.getJsonNumber("ts").longValue()) + "\"}");
            case "error" -> {
                String message = tidings.getString("message");
                if (!isCompanionsError(message)) {
                    out.accept(answer(
                            "error",
                            JSON.createObjectBuilder()
                                    .add("error", tidings.getString("code"))
                                    .add("message", message)));
                }
            }
            default -> {
                JsonObjectBuilder data = JSON.createObjectBuilder(tidings);
                data.remove("type");
                data.remove("id");
                out.accept(answer(type, data));
            }
        }
    }

    /**
     * An error about one of a coin's channels but the one that answers for the coin: the coin's answer says the same
     * (the channels of a coin share their rules), once. Errors of several channels start with the channel's name.
     */
    private static boolean isCompanionsError(String message) {
        return message.startsWith("whales:") || message.startsWith("social:");
    }

    private static String answer(String type, JsonObjectBuilder data) {
        return JSON.createObjectBuilder()
                .add("type", type)
                .add("data", data)
                .add("timestamp", timestamp(System.currentTimeMillis()))
                .build()
                .toString();
    }

    /** The coin of one of a coin's channels, or null. */
    static String coinOf(String channel) {
        int colon = channel.indexOf(':');
        if (colon < 0 || channel.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        return COIN_STREAMS.contains(channel.substring(0, colon)) ? channel.substring(colon + 1) : null;
    }

    /** The data's {@code coinId} as text (the analyzer's alerts carry it as a number), or null. */
    private static String coinIdIn(String data) {
        JsonValue coin = JsonText.parseObject(data).get("coinId");
        if (coin instanceof JsonString text) {
            return text.getString();
        }
        return coin instanceof JsonNumber number ? number.toString() : null;
    }

    static String timestamp(long epochMillis) {
        return IsoTime.of(epochMillis);
    }
}
