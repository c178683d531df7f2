package io.tidings.socketio;

import io.tidings.cluster.Bus;
import io.tidings.cluster.Entry;
import io.tidings.cluster.History;
import io.tidings.gateway.GatewayLimits;
import io.tidings.limits.ThrottledLog;
import io.tidings.protocol.Position;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Socket.IO's connection state recovery (Socket.IO 4.6+), from Tidings' history: each namespace socket has a private
 * id ({@code pid}, in its CONNECT) under which its session (user, channels, where each started) is saved while it is
 * connected and for {@code tidings.socketio.recovery.seconds} after its connection is lost. A client that comes back
 * with its {@code pid} and the offset of the last event it received, on this node or any other, is subscribed again
 * to the same channels and gets what it missed: on the channel of that last event, every event after it; on the
 * others, every event whose publication time ({@code ts}) is not earlier than that event's (an event of another
 * channel in the same millisecond may come twice; a missed event stamped earlier than it was published is not
 * replayed). A session is recovered once, and only by its user.
 */
@ApplicationScoped
public class SessionRecovery {

    private static final Logger LOG = Logger.getLogger(SessionRecovery.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Saves waiting for the writer; past it a save is dropped (and logged): its client would start afresh. */
    private static final int BACKLOG = 10_000;

    /** What to send a recovered socket on each of its channels. */
    record Replay(Position since, Predicate<Entry> missed) {}

    /** A session recovered: it is the new socket's, and these are its channels to subscribe again. */
    record Recovered(SavedSession session, Map<String, Replay> channels) {}

    private Bus bus;
    private long windowMillis;
    private int maxSessions;
    private SavedSessions store;
    /** Writes the store in the order of the changes, off the callers' threads. */
    private Executor writer;

    private ExecutorService writerThread;
    private ScheduledFuture<?> keeping;
    /** The sessions of this node's connected sockets, by pid: which socket has each now. */
    private final Map<String, Object> connected = new ConcurrentHashMap<>();

    private final ThrottledLog failures = new ThrottledLog(LOG, "A Socket.IO session could not be saved for recovery");

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    SessionRecovery() {}

    /** Its settings come through its constructor (see {@code gateway.UserConnectionCounts} for why). */
    @Inject
    public SessionRecovery(
            Bus bus, GatewayLimits limits, @ConfigProperty(name = "tidings.socketio.recovery.seconds") int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("tidings.socketio.recovery.seconds must be 0 or more, not " + seconds);
        }
        this.bus = bus;
        this.windowMillis = seconds * 1000L;
        this.maxSessions = Math.max(1000, limits.connections() * 2);
    }

    /** Recovery over this store and bus, without the node's writer and keeper (for tests of {@link #recover}). */
    SessionRecovery(Bus bus, SavedSessions store, int seconds) {
        this.bus = bus;
        this.store = store;
        this.windowMillis = seconds * 1000L;
        this.writer = Runnable::run;
    }

    @PostConstruct
    void start() {
        if (!enabled()) {
            return;
        }
        store = bus.store()
                .<SavedSessions>map(RedisSavedSessions::new)
                .orElseGet(() -> new LocalSavedSessions(maxSessions, System::currentTimeMillis));
        writerThread =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(BACKLOG), threads);
        writer = writerThread;
        long period = keepPeriodMillis();
        keeping = scheduler.scheduleWithFixedDelay(this::keepConnected, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (keeping != null) {
            keeping.cancel(false);
        }
        if (writerThread != null) {
            writerThread.shutdown();
        }
    }

    boolean enabled() {
        return windowMillis > 0;
    }

    /** A new private id: 120 random bits. */
    static String newPid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A connected socket's session, as it is now (at its CONNECT and at each change of its channels). */
    void save(String pid, Object socket, SavedSession session) {
        connected.put(pid, socket);
        write(() -> store.save(pid, session, ttlMillis()));
    }

    /**
     * The socket's connection ended. When it was lost (not ended by its client or for a reason that ends its
     * session), its session stays recoverable for the window; otherwise it is forgotten now.
     */
    void ended(String pid, Object socket, boolean recoverable) {
        if (connected.remove(pid, socket) && !recoverable) {
            write(() -> store.take(pid));
        }
    }

    /**
     * The socket that recovered the session under {@code pid} was admitted: the session is its now (recovered once;
     * its own saves follow). Until then a CONNECT refused (a full server, a limit) leaves it for the next one.
     */
    void claimed(String pid) {
        write(() -> store.take(pid));
    }

    /**
     * The session a CONNECT asks to recover, with what to replay on each channel; empty when there is none to recover
     * (unknown or expired {@code pid}, another namespace or user, a history that no longer reaches back), and the
     * client gets a new session. Reads the store (and the bus) on the calling thread.
     *
     * @param offset the offset of the last event the client received, or null when none
     */
    Optional<Recovered> recover(String pid, String offset, String namespace, String user) {
        if (!enabled() || pid == null || pid.length() > 40) {
            return Optional.empty();
        }
        try {
            return recoverNow(pid, offset, namespace, user);
        } catch (RuntimeException e) { // the store or the bus unreachable, a session it cannot read: a new session
            failures.note(e);
            return Optional.empty();
        }
    }

    private Optional<Recovered> recoverNow(String pid, String offset, String namespace, String user) {
        SavedSession saved = store.get(pid).orElse(null);
        if (saved == null || !saved.namespace().equals(namespace) || !Objects.equals(saved.user(), user)) {
            return Optional.empty();
        }
        RecoveryOffset last = RecoveryOffset.parse(offset).orElse(null);
        Map<String, Replay> replays = new LinkedHashMap<>();
        for (Map.Entry<String, Position> channel : saved.channels().entrySet()) {
            Position started = channel.getValue();
            if (started.offset() == 0) {
                // nothing was published before it started: the whole history counts, whatever its epoch (a channel
                // nobody subscribes to with nothing in its history is forgotten, and starts a new epoch when used)
                started = new Position(0, bus.position(channel.getKey()).epoch());
            }
            Replay replay = servable(channel.getKey(), replay(channel.getKey(), started, last), last);
            if (replay == null) {
                return Optional.empty();
            }
            replays.put(channel.getKey(), replay);
        }
        return Optional.of(new Recovered(saved, replays));
    }

    /**
     * On the channel of the client's last event, everything after it; on another, everything since it started that
     * was published no earlier than that event.
     */
    static Replay replay(String channel, Position started, RecoveryOffset last) {
        if (last == null) {
            return new Replay(started, entry -> true);
        }
        if (last.channel().equals(channel) && last.offset() >= started.offset()) {
            return new Replay(new Position(last.offset(), started.epoch()), entry -> true);
        }
        long since = last.ts();
        return new Replay(started, entry -> entry.message().ts() >= since);
    }

    /**
     * The replay as the channel's history can serve it, or null when it cannot. On a channel other than that of the
     * client's last event, a history that no longer reaches back to where the subscription started still serves when
     * its oldest event was published before that last event: what came before it was received.
     */
    private Replay servable(String channel, Replay replay, RecoveryOffset last) {
        if (bus.recover(channel, replay.since()).recovered()) {
            return replay;
        }
        if (last == null || last.channel().equals(channel)) {
            return null;
        }
        History kept = bus.history(channel, replay.since().offset(), 1);
        if (kept.events().isEmpty()
                || !Objects.equals(kept.position().epoch(), replay.since().epoch())) {
            return null;
        }
        Entry oldest = kept.events().get(0);
        return oldest.message().ts() < last.ts()
                ? new Replay(new Position(oldest.offset() - 1, replay.since().epoch()), replay.missed())
                : null;
    }

    /** One task a round, whatever the number of sockets: the writer's backlog stays for saves. */
    private void keepConnected() {
        long ttl = ttlMillis();
        List<String> pids = List.copyOf(connected.keySet());
        write(() -> {
            for (String pid : pids) {
                try {
                    store.keep(pid, ttl);
                } catch (RuntimeException e) {
                    failures.note(e);
                }
            }
        });
    }

    private void write(Runnable change) {
        try {
            writer.execute(() -> {
                try {
                    change.run();
                } catch (RuntimeException e) {
                    failures.note(e);
                }
            });
        } catch (RejectedExecutionException e) {
            failures.note(e);
        }
    }

    /** Sessions of connected sockets are kept this often, for a time to live of the window past the next keep. */
    private long keepPeriodMillis() {
        return Math.max(1000, windowMillis / 3);
    }

    private long ttlMillis() {
        return windowMillis + keepPeriodMillis();
    }
}
