package io.tidings.gateway;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The endpoint of every namespace, one instance per connection (made by {@link HandshakeConfigurator}). It holds the
 * connection and its namespace, and hands each event to the {@link FrameIntake}; nothing else.
 */
public class NamespaceEndpoint extends Endpoint {

    private final Namespace namespace;
    private final FrameIntake intake;
    private volatile Peer peer;

    NamespaceEndpoint(Namespace namespace, FrameIntake intake) {
        this.namespace = namespace;
        this.intake = intake;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, text -> intake.receive(peer, text));
        session.addMessageHandler(ByteBuffer.class, data -> intake.receiveBinary(peer));
        session.addMessageHandler(PongMessage.class, pong -> intake.pong(peer));
        prepare(session);
        peer = intake.open(session, namespace);
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
