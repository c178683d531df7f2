package io.tidings.game;

import io.tidings.channel.ChannelName;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A frame a trading game client sends, {@code {type, ...}}. A frame that is none of them is refused with a {@link
 * FrameException} whose id is the game's {@code originalType} (null when the frame has no readable type).
 */
sealed interface GameFrame {

    /** At most this many symbols in one {@code subscribe_tokens} or {@code unsubscribe_tokens}. */
    int MAX_SYMBOLS = FrameDecoder.MAX_CHANNELS_PER_SUBSCRIBE;

    /** Tidings' channel of a token's data. */
    String TOKENS = "tokens:";

    /** {@code authenticate {token}}: the message method. */
    record Authenticate(String token) implements GameFrame {}

    /** {@code ping}: answered {@code pong}. */
    record Ping() implements GameFrame {}

    /** {@code pong}: the client's answer to a ping; only a sign of life. */
    record Pong() implements GameFrame {}

    /** {@code get_all_tokens}: the latest data of every token. */
    record GetAllTokens() implements GameFrame {}

    /** {@code subscribe_tokens {symbols}}: each symbol's {@code token_data} from now on. */
    record SubscribeTokens(List<String> symbols) implements GameFrame {}

    /** {@code unsubscribe_tokens {symbols}}. */
    record UnsubscribeTokens(List<String> symbols) implements GameFrame {}

    /** @throws FrameException {@code bad_request} saying what is wrong */
    static GameFrame read(String text) {
        JsonObject frame;
        try {
            frame = JsonText.parseObject(text);
        } catch (JsonText.Malformed e) {
            throw bad(e.getMessage(), null);
        }
        if (!(frame.get("type") instanceof JsonString type)) {
            throw bad("a message needs a type (a string)", null);
        }
        return switch (type.getString()) {
            case "authenticate" -> new Authenticate(token(frame));
            case "ping" -> new Ping();
            case "pong" -> new Pong();
            case "get_all_tokens" -> new GetAllTokens();
            case "subscribe_tokens" -> new SubscribeTokens(symbols(frame, "subscribe_tokens"));
            case "unsubscribe_tokens" -> new UnsubscribeTokens(symbols(frame, "unsubscribe_tokens"));
            default -> {
                String echo = FrameDecoder.echo(type.getString());
                throw bad("unknown message type: " + echo, echo);
            }
        };
    }

    private static String token(JsonObject frame) {
        if (!(frame.get("token") instanceof JsonString token)
                || token.getString().isEmpty()) {
            throw bad("authenticate needs a token (a string)", "authenticate");
        }
        return token.getString();
    }

    private static List<String> symbols(JsonObject frame, String type) {
        JsonValue value = frame.get("symbols");
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SYMBOLS) {
            throw bad("symbols must be an array of 1 to " + MAX_SYMBOLS + " token symbols", type);
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (JsonValue symbol : array) {
            if (!(symbol instanceof JsonString name) || !isSymbol(name.getString())) {
                String shown = symbol instanceof JsonString name ? FrameDecoder.echo(name.getString()) : "a non-string";
                throw bad("not a token symbol: " + shown + " (letters, digits and _.@=,- only)", type);
            }
            symbols.add(name.getString());
        }
        return List.copyOf(symbols);
    }

    /** A symbol names a channel {@code tokens:{symbol}}: one segment of the channel grammar. */
    static boolean isSymbol(String symbol) {
        return !symbol.isEmpty() && symbol.indexOf(':') < 0 && ChannelName.isValid(TOKENS + symbol);
    }

    private static FrameException bad(String message, String originalType) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, originalType);
    }
}
