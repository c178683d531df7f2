package io.tidings.socketio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HTTP long-polling: packets wait here until the client's GET takes them (all at once, separated by {@code \x1e}); a
 * GET finding none waits for the next or for the poll timeout (then a {@code noop}). Past {@link #BUFFER_CHARS} the
 * senders are told only when a GET has taken their packets, so each namespace socket's outbox holds back and, full,
 * treats the client as a slow consumer. On upgrade the packets not taken yet go first on the WebSocket, and whatever
 * comes later is passed to it.
 */
final class PollingTransport implements EngineTransport {

    private static final Logger LOG = Logger.getLogger(PollingTransport.class.getName());
    static final char SEPARATOR = '\u001e';
    static final int BUFFER_CHARS = 1 << 16; // per engine connection, on top of each socket's outbox: bounded small
    private static final SendResult OK = new SendResult();

    private final long pollMillis;
    private final AtomicBoolean posting = new AtomicBoolean();
    private final List<String> packets = new ArrayList<>();
    private final List<SendHandler> held = new ArrayList<>();
    private int chars;
    private AsyncContext waiting;
    private boolean closed;
    private EngineTransport upgradedTo;

    PollingTransport(long pollMillis) {
        this.pollMillis = pollMillis;
    }

    @Override
    public void send(String packet, SendHandler done) {
        AsyncContext answer = null;
        List<String> out = null;
        List<SendHandler> release = null;
        boolean now;
        synchronized (this) {
            if (upgradedTo != null) {
                upgradedTo.send(packet, done);
                return;
            }
            if (closed) {
                now = false;
            } else {
                packets.add(packet);
                chars += packet.length();
                now = chars <= BUFFER_CHARS;
                if (!now) {
                    held.add(done);
                }
                if (waiting != null) {
                    answer = waiting;
                    waiting = null;
                    out = takePackets();
                    release = takeHeld();
                }
            }
        }
        if (!now && answer == null && !isOpen()) {
            done.onResult(new SendResult(new IOException("closed")));
            return;
        }
        if (now) {
            done.onResult(OK);
        }
        if (answer != null) {
            AsyncContext get = answer;
            List<String> taken = out;
            List<SendHandler> released = release;
            // never on the sender's thread (a delivery worker): a client that does not read would hold it
            get.start(() -> respond(get, join(taken), released));
        }
    }

    /** A GET: answered with what is waiting, or held until something comes or the poll times out. */
    void poll(AsyncContext request) {
        String now = null;
        List<SendHandler> release = List.of();
        synchronized (this) {
            if (waiting != null) {
                now = null;
                respondStatus(request, 400, "one GET at a time");
                return;
            }
            if (closed) {
                now = "1";
            } else if (upgradedTo != null) {
                now = "6";
            } else if (!packets.isEmpty()) {
                now = join(takePackets());
                release = takeHeld();
            } else {
                waiting = request;
                request.setTimeout(pollMillis);
                request.addListener(new Timeout());
            }
        }
        if (now != null) {
            respond(request, now, release);
        }
    }

    /** Whether this POST may go ahead: one at a time; {@link #posted} ends it. */
    boolean posting() {
        return posting.compareAndSet(false, true);
    }

    void posted() {
        posting.set(false);
    }

    /**
     * Moves onto {@code webSocket}: the packets not taken yet are sent there first, a waiting GET gets a {@code noop},
     * and later packets go there too.
     */
    void upgradeTo(EngineTransport webSocket) {
        AsyncContext answer;
        List<SendHandler> release;
        synchronized (this) {
            // under the lock, so that a packet sent meanwhile cannot overtake these
            for (String packet : takePackets()) {
                webSocket.send(packet, result -> {});
            }
            release = takeHeld();
            upgradedTo = webSocket;
            answer = waiting;
            waiting = null;
        }
        if (answer != null) {
            AsyncContext get = answer;
            get.start(() -> respond(get, "6", release));
        } else {
            release.forEach(handler -> handler.onResult(OK));
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void close(CloseReason reason) {
        AsyncContext answer;
        List<SendHandler> release;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            answer = waiting;
            waiting = null;
            packets.clear();
            release = takeHeld();
        }
        release.forEach(handler -> handler.onResult(new SendResult(new IOException("closed"))));
        if (answer != null) {
            AsyncContext get = answer;
            get.start(() -> respond(get, "1", List.of()));
        }
    }

    private List<String> takePackets() {
        List<String> out = List.copyOf(packets);
        packets.clear();
        chars = 0;
        return out;
    }

    private List<SendHandler> takeHeld() {
        List<SendHandler> out = List.copyOf(held);
        held.clear();
        return out;
    }

    private static String join(List<String> packets) {
        return String.join(String.valueOf(SEPARATOR), packets);
    }

    private static void respond(AsyncContext request, String body, List<SendHandler> release) {
        try {
            request.getResponse().setContentType("text/plain; charset=UTF-8");
            request.getResponse().getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            request.complete();
            release.forEach(handler -> handler.onResult(OK));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Answering a poll failed", e);
            release.forEach(handler -> handler.onResult(new SendResult(e)));
        }
    }

    private static void respondStatus(AsyncContext request, int status, String message) {
        try {
            ((jakarta.servlet.http.HttpServletResponse) request.getResponse()).setStatus(status);
            request.getResponse().getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            request.complete();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Answering a poll failed", e);
        }
    }

    /** A GET that waited the whole poll: a {@code noop}, and the client polls again. */
    private final class Timeout implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) {
            AsyncContext answer;
            synchronized (PollingTransport.this) {
                answer = waiting == event.getAsyncContext() ? waiting : null;
                if (answer != null) {
                    waiting = null;
                }
            }
            if (answer != null) {
                respond(answer, "6", List.of());
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {
            synchronized (PollingTransport.this) {
                if (waiting == event.getAsyncContext()) {
                    waiting = null;
                }
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}
