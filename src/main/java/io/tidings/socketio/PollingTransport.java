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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HTTP long-polling: packets wait here until the client's GET takes them (all at once, separated by {@code \x1e}); a
 * GET finding none waits for the next or for the poll time (then a {@code noop}). Past {@link #BUFFER_CHARS} the
 * senders are told only when a GET has taken their packets, so each namespace socket's outbox holds back and, full,
 * treats the client as a slow consumer. On upgrade the packets not taken yet go first on the WebSocket, and whatever
 * comes later is passed to it.
 *
 * <p>The poll time is kept here ({@link #expire}, from the engine's sweep), not by the container's async timeout: a
 * timeout firing while a sender answers the GET would have the container end the request under the answer, losing
 * its packets. Once the client has probed a WebSocket, a waiting GET is answered {@code noop} at once and later ones
 * within a sweep, as the reference server does: the client holds what it sends until its last GET has returned.
 */
final class PollingTransport implements EngineTransport {

    private static final Logger LOG = Logger.getLogger(PollingTransport.class.getName());
    static final char SEPARATOR = '\u001e';
    static final int BUFFER_CHARS = 1 << 16; // per engine connection, on top of each socket's outbox: bounded small
    /** The container's own timeout of a GET, past the poll time: only for a GET this transport failed to end. */
    private static final long BACKSTOP_MILLIS = 30_000;

    private static final SendResult OK = new SendResult();

    private final long pollMillis;
    private final long pollNanos;
    private final AtomicBoolean posting = new AtomicBoolean();
    private final List<String> packets = new ArrayList<>();
    private final List<SendHandler> held = new ArrayList<>();
    private int chars;
    private AsyncContext waiting;
    private long waitingSince;
    /** A WebSocket probe of this connection is open: GETs do not wait. */
    private boolean probing;

    private boolean closed;
    private EngineTransport upgradedTo;

    PollingTransport(long pollMillis) {
        this.pollMillis = pollMillis;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
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
                waitingSince = System.nanoTime();
                request.setTimeout(pollMillis + BACKSTOP_MILLIS);
                request.addListener(new Timeout());
            }
        }
        if (now != null) {
            respond(request, now, release);
        }
    }

    /**
     * Answers the waiting GET with a {@code noop} when it has waited the poll time (or at all, while a probe is open);
     * {@code now} is {@link System#nanoTime()}.
     */
    void expire(long now) {
        AsyncContext answer;
        synchronized (this) {
            if (waiting == null || !probing && now - waitingSince < pollNanos) {
                return;
            }
            answer = waiting;
            waiting = null;
        }
        answer.start(() -> respond(answer, "6", List.of()));
    }

    /** The client probes a WebSocket: its waiting GET returns now, so that it can pause polling and upgrade. */
    void probing() {
        synchronized (this) {
            probing = true;
        }
        expire(System.nanoTime());
    }

    /** The probe's WebSocket closed without an upgrade: GETs wait the poll time again. */
    synchronized void probeEnded() {
        probing = false;
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

    /** A GET the container timed out (only past the backstop): a {@code noop}, and the client polls again. */
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
