package io.tidings.analyzer;

import io.tidings.channel.ChannelName;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * The market analyzer's client messages as Tidings frames: {@code authenticate {data: {token}}} is {@code
 * authenticate}, {@code subscribe {data: {coinId}}} and {@code unsubscribe} are those of the coin's channels ({@code
 * whales:}, {@code social:}, {@code price:} with the coin's id), {@code ping} is {@code ping}. Anything else is refused
 * with a {@link FrameException} that says why.
 */
final class AnalyzerMessages {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String TYPES = "authenticate, subscribe, unsubscribe, ping";

    private AnalyzerMessages() {}

    /** The Tidings frame a message of the analyzer's clients stands for. */
    static String toTidings(String message) {
        JsonObject object;
        try {
            object = JsonText.parseObject(message);
        } catch (JsonText.Malformed e) {
            throw bad("Message must be valid JSON: " + e.getMessage());
        }
        JsonValue type = object.get("type");
        if (!(type instanceof JsonString name)) {
            throw bad("Message must have a type: one of " + TYPES);
        }
        return switch (name.getString()) {
            case "authenticate" ->
                JSON.createObjectBuilder()
                        .add("type", "authenticate")
                        .add("token", token(data(object)))
                        .build()
                        .toString();
            case "subscribe", "unsubscribe" -> {
                String coin = coinId(data(object));
                JsonArrayBuilder channels = JSON.createArrayBuilder();
                AnalyzerDialect.COIN_STREAMS.forEach(stream -> channels.add(stream + ":" + coin));
                yield JSON.createObjectBuilder()
                        .add("type", name.getString())
                        .add("channels", channels)
                        .build()
                        .toString();
            }
            case "ping" -> "{\"type\":\"ping\"}";
            default -> throw bad("Unknown message type " + FrameDecoder.echo(name.getString()) + ": one of " + TYPES);
        };
    }

    private static JsonObject data(JsonObject message) {
        JsonValue data = message.get("data");
        if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad("Message must have data: an object");
        }
        return data.asJsonObject();
    }

    private static String token(JsonObject data) {
        if (!(data.get("token") instanceof JsonString token)
                || token.getString().isEmpty()) {
            throw bad("Token is required: data.token");
        }
        return token.getString();
    }

    /** The coin's id (a string, or an integer as the analyzer's numeric ids), one segment of a channel name. */
    private static String coinId(JsonObject data) {
        JsonValue value = data.get("coinId");
        String coin;
        if (value instanceof JsonString text) {
            coin = text.getString();
        } else if (value instanceof JsonNumber number && number.isIntegral()) {
            coin = number.bigIntegerValue().toString();
        } else {
            throw bad("coinId is required: data.coinId, a string");
        }
        if (coin.length() > 100 || coin.contains(":") || !ChannelName.isValid("price:" + coin)) {
            throw bad("coinId must be 1 to 100 characters of A-Z a-z 0-9 _ . @ = , -");
        }
        return coin;
    }

    private static FrameException bad(String message) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, null);
    }
}
