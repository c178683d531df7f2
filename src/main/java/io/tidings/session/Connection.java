package io.tidings.session;

import io.tidings.auth.UserToken;
import io.tidings.protocol.CloseCode;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One open WebSocket connection: who it is, what it is subscribed to, and its single writer. */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final String id;
    private final String namespace;
    private final Session session;
    private final Outbox outbox;
    private final int queueCapacity;
    private final Executor closer;
    private final DeliveryCounters counters;
    private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final String address;
    private volatile UserToken token;
    private volatile long authDeadline;
    private volatile boolean expiryWarned;

    Connection(String id, String namespace, String address, Session session, int queueCapacity, Executor closer,
               DeliveryCounters counters) {
        this.id = id;
        this.address = address;
        this.namespace = namespace;
        this.session = session;
        this.queueCapacity = queueCapacity;
        this.closer = closer;
        this.counters = counters;
        this.outbox = new Outbox(session.getAsyncRemote(), queueCapacity, this::sendFailed);
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return namespace;
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
        return closing.get();
    }

    public Session session() {
        return session;
    }

    /** Queues a frame. A full queue closes the connection as a slow consumer (4009). */
    public void send(String frame) {
        if (closing.get()) {
            counters.dropped();
            return;
        }
        if (!outbox.offer(frame)) {
            overflowed();
        }
    }

    void overflowed() {
        counters.dropped();
        if (!closing.get()) {
            counters.slowConsumer();
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

    /** Closes the connection with a catalogued code, off the caller's thread; later frames are dropped. */
    public void close(CloseCode code) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closer.execute(() -> closeNow(code));
    }

    /** Closes on the caller's thread (shutdown: the executors may be gone). */
    public void closeNow(CloseCode code) {
        closing.set(true);
        outbox.close();
        try {
            if (session.isOpen()) {
                session.close(code.toReason());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing session " + id + " failed", e);
        }
    }

    Subscription subscription(String channel) {
        return subscriptions.get(channel);
    }

    Subscription addSubscription(String channel) {
        Subscription subscription = new Subscription(this, channel);
        subscriptions.put(channel, subscription);
        return subscription;
    }

    Subscription removeSubscription(String channel) {
        return subscriptions.remove(channel);
    }

    Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    private void sendFailed(Throwable cause) {
        LOG.log(Level.FINE, "Send to " + id + " failed", cause);
        close(CloseCode.NORMAL);
    }
}
