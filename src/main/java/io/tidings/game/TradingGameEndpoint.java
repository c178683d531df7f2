package io.tidings.game;

import io.tidings.gateway.FrameIntake;
import io.tidings.gateway.Handshake;
import io.tidings.gateway.NamespaceEndpoint;
import io.tidings.gateway.Peer;
import io.tidings.limits.OncePer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/** The trading game's token-data endpoint, one instance per connection: hands each event to {@link TradingGame}. */
public class TradingGameEndpoint extends Endpoint {

    private final TradingGame game;
    private final FrameIntake intake;
    private final OncePer allTokens = new OncePer(TradingGame.ALL_TOKENS_INTERVAL_MILLIS);
    private volatile Peer peer;

    TradingGameEndpoint(TradingGame game, FrameIntake intake) {
        this.game = game;
        this.intake = intake;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Handshake handshake = (Handshake) session.getUserProperties().remove(TradingGameConfigurator.KEY);
        if (handshake == null) {
            handshake = new Handshake(null, null, "unknown");
        }
        session.addMessageHandler(String.class, text -> game.receive(peer, text, allTokens));
        session.addMessageHandler(ByteBuffer.class, data -> intake.receiveBinary(peer));
        session.addMessageHandler(PongMessage.class, pong -> intake.pong(peer));
        NamespaceEndpoint.prepare(session);
        session.setMaxIdleTimeout(0); // liveness is the heartbeat's job
        peer = game.open(session, handshake);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        intake.closed(peer, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        intake.failed(peer, session, error);
    }
}
