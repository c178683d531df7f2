package io.tidings.game;

import io.tidings.delivery.LatestState;
import io.tidings.gateway.CoreVerbs;
import io.tidings.gateway.FrameIntake;
import io.tidings.gateway.GatewayLimits;
import io.tidings.gateway.Handshake;
import io.tidings.gateway.Namespace;
import io.tidings.gateway.Peer;
import io.tidings.limits.OncePer;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.CoreFrame;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.session.Connection;
import io.tidings.session.Wire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The trading game's dialect on the gateway, declared once: its connections are connections of {@code /ws} that speak
 * {@link TradingGameDialect}, admitted through {@link FrameIntake#open} and fed through {@link FrameIntake#receive}
 * (so every limit of the native protocol applies), each of their frames read as a {@link GameFrame} and carried out as
 * the Tidings verb it stands for. A token's symbol is the channel {@code tokens:{symbol}}.
 */
@ApplicationScoped
public class TradingGame {

    private static final Logger LOG = Logger.getLogger(TradingGame.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    /** Least time between two {@code get_all_tokens} answers of one connection. */
    static final long ALL_TOKENS_INTERVAL_MILLIS = 1000;

    private FrameIntake intake;
    private CoreVerbs core;
    private LatestState state;
    private GatewayLimits limits;

    TradingGame() {}

    @Inject
    public TradingGame(FrameIntake intake, CoreVerbs core, LatestState state, GatewayLimits limits) {
        this.intake = intake;
        this.core = core;
        this.state = state;
        this.limits = limits;
    }

    /** The connection, or null when it was refused (and is being closed: 1008 for a token that is not accepted). */
    Peer open(Session session, Handshake handshake) {
        return intake.open(Wire.of(session), Namespace.WS, handshake, TradingGameDialect.INSTANCE, (code, reason) -> {
            refuse(session, code, reason);
        });
    }

    /** A frame of the connection, within its budget; {@code allTokens} paces its {@code get_all_tokens}. */
    void receive(Peer peer, String text, OncePer allTokens) {
        intake.receive(peer, text, frame -> toTidings(peer, GameFrame.read(frame), allTokens));
    }

    /** The Tidings frame a game frame stands for, or null when it was answered here. */
    String toTidings(Peer peer, GameFrame frame, OncePer allTokens) {
        Connection connection = peer.connection();
        if (frame instanceof GameFrame.Authenticate authenticate) {
            return JSON.createObjectBuilder()
                    .add("type", "authenticate")
                    .add("id", "authenticate")
                    .add("token", authenticate.token())
                    .build()
                    .toString();
        }
        if (frame instanceof GameFrame.Ping) {
            return "{\"type\":\"ping\",\"id\":\"ping\"}";
        }
        if (frame instanceof GameFrame.GetAllTokens) {
            long now = System.currentTimeMillis();
            if (!allTokens.due(now)) {
                throw new FrameException(
                        ErrorCode.RATE_LIMITED, "get_all_tokens at most once a second", "get_all_tokens");
            }
            connection.sendWritten(TradingGameDialect.allTokens(
                    state.latestUnder(GameFrame.TOKENS).values(), now));
            return null;
        }
        if (frame instanceof GameFrame.SubscribeTokens subscribe) {
            return subscribe(connection, subscribe.symbols());
        }
        if (frame instanceof GameFrame.UnsubscribeTokens unsubscribe) {
            unsubscribe(peer, unsubscribe.symbols());
        }
        return null; // a pong: heard, nothing to answer
    }

    /**
     * Confirms the symbols not subscribed yet ({@code tokens_subscribed}, as the game's server does before their data)
     * and subscribes them in one Tidings {@code subscribe}; each then gets its latest {@code token_data}. The limit of
     * subscriptions is checked first, so that the confirmation holds.
     */
    private String subscribe(Connection connection, List<String> symbols) {
        List<String> fresh = symbols.stream()
                .filter(symbol -> !connection.subscribedTo(GameFrame.TOKENS + symbol))
                .toList();
        if (connection.subscriptionCount() + fresh.size() > limits.subscriptions()) {
            throw new FrameException(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + limits.subscriptions() + " subscriptions per connection",
                    "subscribe_tokens");
        }
        connection.sendWritten(TradingGameDialect.confirmation("tokens_subscribed", fresh, System.currentTimeMillis()));
        if (fresh.isEmpty()) {
            return null;
        }
        var channels = JSON.createArrayBuilder();
        fresh.forEach(symbol -> channels.add(GameFrame.TOKENS + symbol));
        return JSON.createObjectBuilder()
                .add("type", "subscribe")
                .add("id", "subscribe_tokens")
                .add("channels", channels)
                .build()
                .toString();
    }

    /** Confirms the symbols that were subscribed ({@code tokens_unsubscribed}) and unsubscribes them. */
    private void unsubscribe(Peer peer, List<String> symbols) {
        Connection connection = peer.connection();
        List<String> subscribed = symbols.stream()
                .filter(symbol -> connection.subscribedTo(GameFrame.TOKENS + symbol))
                .toList();
        connection.sendWritten(
                TradingGameDialect.confirmation("tokens_unsubscribed", subscribed, System.currentTimeMillis()));
        for (String symbol : subscribed) {
            try {
                core.unsubscribe(peer, new CoreFrame.Unsubscribe("unsubscribe_tokens", GameFrame.TOKENS + symbol));
            } catch (FrameException e) {
                // unsubscribed meanwhile by another frame of the same connection: what was asked for holds
            }
        }
    }

    /** Closes a handshake that must not become a connection, as the game's server does: 1008 for a bad token. */
    private static void refuse(Session session, CloseCode code, String reason) {
        CloseReason why = code == CloseCode.UNAUTHORIZED
                ? new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Invalid session token")
                : new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason);
        try {
            session.close(why);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Refusing a trading game handshake failed", e);
        }
    }
}
