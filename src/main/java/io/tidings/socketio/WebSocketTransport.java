package io.tidings.socketio;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket of an Engine.IO connection and its one writer: the namespace sockets on it each have their own
 * outbox, with at most one send in flight, so this queue holds at most one packet per namespace (and the engine's own
 * few) while the session sends one at a time.
 */
final class WebSocketTransport implements EngineTransport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

    private record Pending(String frame, SendHandler done) {}

    private final Session session;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean sending;

    WebSocketTransport(Session session) {
        this.session = session;
    }

    @Override
    public void send(String frame, SendHandler done) {
        synchronized (this) {
            if (sending) {
                queue.add(new Pending(frame, done));
                return;
            }
            sending = true;
        }
        write(new Pending(frame, done));
    }

    private void write(Pending pending) {
        try {
            session.getAsyncRemote().sendText(pending.frame(), result -> {
                next();
                pending.done().onResult(result);
            });
        } catch (Throwable e) { // a send that throws must fail its sender, not wedge the others
            next();
            pending.done().onResult(new SendResult(e));
        }
    }

    private void next() {
        Pending pending;
        synchronized (this) {
            pending = queue.poll();
            if (pending == null) {
                sending = false;
                return;
            }
        }
        write(pending);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close(CloseReason reason) {
        try {
            if (session.isOpen()) {
                String phrase = reason.getReasonPhrase();
                session.close(new CloseReason(
                        reason.getCloseCode(), phrase.length() > 120 ? phrase.substring(0, 120) : phrase));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing an Engine.IO WebSocket failed", e);
        }
    }
}
