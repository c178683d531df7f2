package io.tidings.session;

import io.tidings.protocol.Position;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a connection's frames go: its own WebSocket session, or a share of one (a Socket.IO namespace socket on its
 * Engine.IO connection). A connection's {@link Outbox} has at most one send in flight on its wire; a wire shared by
 * several connections keeps the session's own rule of one send at a time.
 */
public interface Wire {

    /** Sends one text frame; {@code done} is told when it completed (possibly before this returns). */
    void sendText(String frame, SendHandler done);

    /** Sends a WebSocket ping (only for connections whose dialect has no text heartbeat). */
    void sendPing(ByteBuffer data) throws IOException;

    boolean isOpen();

    /** Ends what the connection has of the wire: its own session, or its share of one. */
    void close(CloseReason reason) throws IOException;

    /**
     * A subscription of the connection went live after this position. A wire whose client may recover its session
     * elsewhere (Socket.IO's connection state recovery) keeps it; others ignore it.
     */
    default void subscribed(String channel, Position from) {}

    /** The connection's client ended a subscription (not told when the connection closes). */
    default void unsubscribed(String channel) {}

    /** A connection's own WebSocket session. */
    static Wire of(Session session) {
        return new Own(session);
    }

    /** A connection's own WebSocket session: the runtime's own writer may send on it ({@link TextWriters}). */
    record Own(Session session) implements Wire {

        @Override
        public void sendText(String frame, SendHandler done) {
            session.getAsyncRemote().sendText(frame, done);
        }

        @Override
        public void sendPing(ByteBuffer data) throws IOException {
            session.getAsyncRemote().sendPing(data);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public void close(CloseReason reason) throws IOException {
            session.close(reason);
        }
    }

    /** Only the sending side of a remote endpoint (for tests of the outbox). */
    static Wire sending(RemoteEndpoint.Async remote) {
        return new Wire() {
            @Override
            public void sendText(String frame, SendHandler done) {
                remote.sendText(frame, done);
            }

            @Override
            public void sendPing(ByteBuffer data) throws IOException {
                remote.sendPing(data);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close(CloseReason reason) {}
        };
    }
}
