package io.tidings.gateway;

import io.tidings.protocol.Dialect;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The endpoint of every namespace, one instance per connection (made by {@link HandshakeConfigurator}). It holds the
 * connection and its namespace, and hands each event to the {@link FrameIntake}; nothing else. A raw WebSocket dialect
 * (a replaced gateway's JSON frames on a path of its own) is the same endpoint with that dialect and its translation.
 */
public class NamespaceEndpoint extends Endpoint {

    private final Namespace namespace;
    private final FrameIntake intake;
    private final Dialect dialect;
    private final FrameIntake.Translation translation;
    private volatile Peer peer;

    NamespaceEndpoint(Namespace namespace, FrameIntake intake) {
        this(namespace, intake, Dialect.NATIVE, null);
    }

    /**
     * A connection of {@code namespace} speaking {@code dialect}: frames in go through {@code translation} (null for
     * Tidings' own frames), frames out through the dialect.
     */
    public NamespaceEndpoint(
            Namespace namespace, FrameIntake intake, Dialect dialect, FrameIntake.Translation translation) {
        this.namespace = namespace;
        this.intake = intake;
        this.dialect = dialect;
        this.translation = translation;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, text -> intake.receive(peer, text, translation));
        session.addMessageHandler(ByteBuffer.class, data -> intake.receiveBinary(peer));
        session.addMessageHandler(PongMessage.class, pong -> intake.pong(peer));
        prepare(session);
        peer = intake.open(session, namespace, dialect);
    }

    /** What every endpoint of the gateway (a dialect's too) does to a session as it opens. */
    public static void prepare(Session session) {
        // the container itself refuses (1009) anything above the ceiling before buffering it
        session.setMaxTextMessageBufferSize(GatewayLimits.MAX_FRAME_BYTES);
        session.setMaxBinaryMessageBufferSize(GatewayLimits.MAX_FRAME_BYTES);
        LingeringConnection.opened(session);
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
