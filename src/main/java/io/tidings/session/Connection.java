package io.tidings.session;

import io.tidings.auth.UserToken;
import io.tidings.limits.TokenBucket;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.Dialect;
import io.tidings.protocol.EncodedText;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.Subprotocols;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One open WebSocket connection: who it is, what it is subscribed to, and its single writer. */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    private static final long RATE_RUN_ENDS_AFTER_MILLIS = 1_000;

    private final String id;
    private final String namespace;
    private final String address;
    private final Wire wire;
    private final Outbox outbox;
    private final int queueCapacity;
    private final Executor closer;
    private final DeliveryMeter meter;
    private final Dialect dialect;
    private final TokenBucket rate;
    /** Sized for the one or two subscriptions most connections hold (it grows as any map does). */
    private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>(1);
    /**
     * Held by the registry while it changes this connection's subscriptions and fires their events, so the
     * connection's map and the channels' sets agree and the events of one channel come in order.
     */
    final Object subscriptionLock = new Object();

    // fields with VarHandles rather than an Atomic* object each: every idle connection has them
    private static final VarHandle CLOSING = field("closing", boolean.class);
    private static final VarHandle BAD_FRAMES = field("badFrames", int.class);
    private static final VarHandle RATE_VIOLATIONS = field("rateViolations", int.class);

    private volatile boolean closing;
    private volatile int badFrames;
    private volatile int rateViolations;
    private volatile long lastRateViolation;

    private volatile UserToken token;
    private volatile long authDeadline;
    private volatile boolean expiryWarned;
    private volatile long lastHeard;
    private volatile long lastPing;
    private volatile CloseCode pendingClose;
    private volatile long closeRequestedAt;
    private final long opened;
    /** Only the housekeeping task reads and writes these. */
    private long socketGoneAt;

    private int missedPings;

    private long nextPing;

    Connection(
            String id,
            String namespace,
            String address,
            Session session,
            Limits limits,
            Executor closer,
            DeliveryMeter meter) {
        this(id, namespace, address, Wire.of(session), limits, closer, meter, Dialect.NATIVE);
    }

    Connection(
            String id,
            String namespace,
            String address,
            Wire wire,
            Limits limits,
            Executor closer,
            DeliveryMeter meter,
            Dialect dialect) {
        this.id = id;
        this.dialect = dialect;
        this.queueCapacity = limits.queueCapacity();
        long now = System.currentTimeMillis();
        this.rate = new TokenBucket(limits.framesPerSecond(), limits.frameBurst(), now);
        this.lastHeard = now;
        this.opened = now;
        this.address = address;
        this.namespace = namespace;
        this.wire = wire;
        this.closer = closer;
        this.meter = meter;
        this.outbox = new Outbox(
                TextWriters.of(wire), queueCapacity, this::sendFailed, meter, dialect.ping(), batches(wire, dialect));
    }

    /** Whether the client asked for several frames as lines of one (only Tidings' own frames are written so). */
    private static boolean batches(Wire wire, Dialect dialect) {
        return dialect == Dialect.NATIVE
                && wire instanceof Wire.Own own
                && Subprotocols.batches(own.session().getNegotiatedSubprotocol());
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return namespace;
    }

    /** The wire language the connection speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /** Tells the wire a subscription went live ({@link Wire#subscribed}). */
    void subscriptionStarted(String channel, Position from) {
        wire.subscribed(channel, from);
    }

    /** Tells the wire the client ended a subscription ({@link Wire#unsubscribed}). */
    void subscriptionEnded(String channel) {
        wire.unsubscribed(channel);
    }

    /** The user id, or null while anonymous. */
    public String user() {
        UserToken current = token;
        return current == null ? null : current.getName();
    }

    /** The verified token of the user, or null while anonymous. */
    public UserToken token() {
        return token;
    }

    /** Sets or refreshes the token (the registry keeps its index of users up to date). */
    void token(UserToken token) {
        this.token = token;
        this.expiryWarned = false;
    }

    /** The client's address as the server saw it. */
    public String address() {
        return address;
    }

    /** Epoch ms by which a user must authenticate, or 0 when none is required. */
    public long authDeadline() {
        return authDeadline;
    }

    public void authDeadline(long deadline) {
        this.authDeadline = deadline;
    }

    /** Marks the token's expiry warning as sent; true only the first time for the current token. */
    public boolean warnExpiryOnce() {
        if (expiryWarned) {
            return false;
        }
        expiryWarned = true;
        return true;
    }

    public boolean closing() {
        return closing;
    }

    /**
     * Queues a Tidings server frame, in the connection's dialect. A full queue closes the connection as a slow
     * consumer (4009).
     */
    public void send(String frame) {
        dialect.render(frame, this::queue);
    }

    /** Queues a frame already written in the connection's dialect (an event from {@code Entry.frame(format)}). */
    public void sendWritten(String frame) {
        queue(frame);
    }

    /** Queues an {@code error} frame (the answer to the frame {@code id}, or null), counted by its code. */
    public void sendError(String id, ErrorCode code, String message) {
        meter.errorSent(code, this.id, namespace, user());
        send(ServerFrames.error(id, code, message));
    }

    private void queue(String frame) {
        if (closing) {
            meter.dropped();
            return;
        }
        offered(outbox.offer(frame));
    }

    /**
     * Queues an event frame of a channel, shared with other connections and encoded once for all (it carries when the
     * bus accepted it); held back by {@code cork} when not null ({@link Cork}). When the channel is conflatable
     * ({@code conflateAs} is its name), a full queue keeps only its newest event instead of closing the connection.
     */
    void deliver(EncodedText frame, String conflateAs, Cork cork) {
        if (closing) {
            meter.dropped();
            return;
        }
        offered(outbox.offer(frame, conflateAs, cork));
    }

    private void offered(Outbox.Offer offer) {
        switch (offer) {
            case REFUSED -> overflowed();
            case CONFLATED -> meter.conflated();
            default -> {}
        }
    }

    /** Anything heard from the client: a frame or a pong. */
    public void heard(long now) {
        lastHeard = now;
    }

    /**
     * The heartbeat of this connection, called by the housekeeping on every sweep: sends a ping when one is due, and
     * answers false once the client has been silent for {@code maxMissed} pings in a row. The first ping comes at a
     * random point of the first period, so connections opened together are not pinged together: their pongs
     * would arrive as one burst (19,500 at once overflowed Payara's worker queue, which drops connections).
     */
    public boolean keepAlive(long now, long periodMillis, int maxMissed) {
        if (nextPing == 0) {
            nextPing = opened + 1 + ThreadLocalRandom.current().nextLong(periodMillis);
        }
        if (now < nextPing) {
            return true;
        }
        nextPing += periodMillis; // on its own grid, so a sweep a little early does not skip a period
        if (nextPing <= now) {
            nextPing = now + periodMillis; // the sweeps were held up: start the grid again
        }
        if (lastHeard >= lastPing) {
            missedPings = 0;
        } else if (lastPing > 0) {
            missedPings++;
        }
        if (missedPings >= maxMissed) {
            return false;
        }
        lastPing = now;
        outbox.ping();
        return true;
    }

    /**
     * Takes a token from the connection's frame budget. A frame within it a second or more after the last refused one
     * ends the run of violations: a frame let through now and then (the budget refills between the reads of a slow
     * server) does not, so a client that keeps sending too fast is closed whatever the server's pace.
     */
    public boolean withinRate(long now) {
        if (!rate.take(now)) {
            return false;
        }
        if (rateViolations != 0 && now - lastRateViolation >= RATE_RUN_ENDS_AFTER_MILLIS) {
            rateViolations = 0;
        }
        return true;
    }

    /** Counts a frame refused by the rate limit; returns how many in this run (no quiet second between them). */
    public int countRateViolation(long now) {
        lastRateViolation = now;
        return (int) RATE_VIOLATIONS.getAndAdd(this, 1) + 1;
    }

    /** Counts a malformed frame; returns how many there were. */
    public int countBadFrame() {
        return (int) BAD_FRAMES.getAndAdd(this, 1) + 1;
    }

    void overflowed() {
        meter.dropped();
        if (!closing) {
            meter.slowConsumer();
            LOG.log(Level.INFO, "Closing slow consumer {0}: outbound queue full", id);
            close(CloseCode.SLOW_CONSUMER);
        }
    }

    int queueCapacity() {
        return queueCapacity;
    }

    /** True when everything queued has been written. */
    public boolean flushed() {
        return outbox.idle();
    }

    /**
     * Closes the connection with a catalogued code, off the caller's thread: after what is already queued (the
     * error frames that explain it), except for a slow consumer, whose queue is dropped. Later frames are dropped.
     */
    public void close(CloseCode code) {
        if (!CLOSING.compareAndSet(this, false, true)) {
            return;
        }
        pendingClose = code;
        closeRequestedAt = System.currentTimeMillis();
        String farewell = code == CloseCode.SLOW_CONSUMER ? null : dialect.farewell(code);
        if (farewell != null) {
            outbox.offer(farewell);
        }
        Runnable closeNow = () -> closer.execute(() -> closeNow(code));
        if (code == CloseCode.SLOW_CONSUMER || !outbox.finishWith(closeNow)) {
            closeNow.run();
        }
    }

    /**
     * For the housekeeping: a close requested more than {@code graceMillis} ago whose queue never drained (the
     * client stopped reading) is forced now.
     */
    public void forceCloseIfStuck(long now, long graceMillis) {
        CloseCode code = pendingClose;
        if (code != null && now - closeRequestedAt > graceMillis && wire.isOpen()) {
            closer.execute(() -> closeNow(code));
        }
    }

    /** The close code the connection ended with: ours when this server closed it, else {@code reported}. */
    public int endedWith(int reported) {
        CloseCode ours = pendingClose;
        return ours != null ? ours.code() : reported;
    }

    /** Closes on the caller's thread (shutdown: the executors may be gone). */
    public void closeNow(CloseCode code) {
        closing = true;
        if (pendingClose == null) {
            pendingClose = code;
        }
        outbox.close();
        closeWire(code);
    }

    private void closeWire(CloseCode code) {
        try {
            if (wire.isOpen()) {
                wire.close(code.toReason());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing session " + id + " failed", e);
        }
    }

    /** Adds a subscription; returns the one it replaces, or null. */
    Subscription putSubscription(Subscription subscription) {
        return subscriptions.put(subscription.channel(), subscription);
    }

    Subscription removeSubscription(String channel) {
        return subscriptions.remove(channel);
    }

    Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    public boolean subscribedTo(String channel) {
        return subscriptions.containsKey(channel);
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    /**
     * A send failed: the socket is closed at once (what is queued cannot follow). An IOException means the client went
     * away, often with its close frame crossing our send: the close is not claimed, so the code the client closed with
     * (or 1006) is the one counted; anything else is this server's fault, claimed as 1011.
     */
    private void sendFailed(Throwable cause) {
        boolean clientGone = cause instanceof IOException;
        LOG.log(clientGone ? Level.FINE : Level.WARNING, "Send to " + id + " failed; closing it", cause);
        closeAtOnce(clientGone ? null : CloseCode.INTERNAL_ERROR);
    }

    /**
     * The container reports an I/O error of the connection (a reset, a broken pipe): the client went away, possibly
     * with its close frame lost in the reset. Closed at once and not claimed, as a failed send to a client gone is.
     */
    public void clientGone() {
        closeAtOnce(null);
    }

    /** Drops what is queued and closes the socket; {@code claimed} is the code counted, null for the container's. */
    private void closeAtOnce(CloseCode claimed) {
        if (!CLOSING.compareAndSet(this, false, true)) {
            return;
        }
        if (claimed != null) {
            pendingClose = claimed;
            closeRequestedAt = System.currentTimeMillis();
        }
        closer.execute(() -> {
            outbox.close();
            closeWire(CloseCode.INTERNAL_ERROR);
        });
    }

    /**
     * For the housekeeping: true once the socket has been found closed on two sweeps at least {@code graceMillis}
     * apart while the connection is still registered, i.e. the container never told us it closed.
     */
    public boolean socketGone(long now, long graceMillis) {
        if (wire.isOpen()) {
            socketGoneAt = 0;
            return false;
        }
        if (socketGoneAt == 0) {
            socketGoneAt = now;
        }
        return now - socketGoneAt >= graceMillis;
    }

    private static VarHandle field(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(Connection.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
