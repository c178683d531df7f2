package io.tidings.socketio;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The one writer of an Engine.IO connection's WebSocket: the namespace sockets on it each have their own outbox, with
 * at most one send in flight, so this queue holds at most one frame per namespace (and the engine's own few) while
 * the session sends one at a time.
 */
final class EngineWriter {

    private record Pending(String frame, SendHandler done) {}

    private static final SendHandler IGNORED = result -> {};

    private final Session session;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean sending;

    EngineWriter(Session session) {
        this.session = session;
    }

    /** Sends a frame of the engine itself (the open packet, a CONNECT_ERROR). */
    void send(String frame) {
        send(frame, IGNORED);
    }

    void send(String frame, SendHandler done) {
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
}
