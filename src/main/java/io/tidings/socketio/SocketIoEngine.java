package io.tidings.socketio;

import io.tidings.auth.Authenticator;
import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.gateway.CoreVerbs;
import io.tidings.gateway.FrameIntake;
import io.tidings.gateway.GatewayLimits;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every Engine.IO connection shares: the connections of the node by sid, the gateway they hand their namespaces
 * to, token verification, the open packet's figures (the heartbeat of {@code tidings.heartbeat.seconds}, {@code
 * maxPayload} of the frame limit) and the timer that closes a connection that connects no namespace in time.
 */
@ApplicationScoped
public class SocketIoEngine {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How often polling connections are looked at for a GET that has waited long enough. */
    static final long SWEEP_MILLIS = 100;

    /** Every Engine.IO connection of this node, by sid: a polling request or an upgrade finds its own here. */
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

    private final AtomicReference<ScheduledFuture<?>> sweep = new AtomicReference<>();

    private FrameIntake intake;
    private CoreVerbs core;
    private SessionRecovery recovery;
    private Authenticator authenticator;
    private GatewayLimits limits;
    private int heartbeatSeconds;
    private int pingTimeoutMillis;
    private int connectTimeoutSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    SocketIoEngine() {}

    @Inject
    public SocketIoEngine(
            FrameIntake intake,
            CoreVerbs core,
            SessionRecovery recovery,
            Authenticator authenticator,
            GatewayLimits limits,
            @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
            @ConfigProperty(name = "tidings.socketio.ping.timeout.millis") int pingTimeoutMillis,
            @ConfigProperty(name = "tidings.auth.timeout.seconds") int connectTimeoutSeconds) {
        this.intake = intake;
        this.core = core;
        this.recovery = recovery;
        this.authenticator = authenticator;
        this.limits = limits;
        this.heartbeatSeconds = heartbeatSeconds;
        this.pingTimeoutMillis = pingTimeoutMillis;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    FrameIntake intake() {
        return intake;
    }

    CoreVerbs core() {
        return core;
    }

    SessionRecovery recovery() {
        return recovery;
    }

    /**
     * A new Engine.IO connection on this transport, or null when the node holds as many as it may connect (every
     * connection starts without a namespace).
     */
    EngineSession newSession(SocketIoHandshake handshake, EngineTransport transport) {
        if (sessions.size() >= limits.connections()) {
            return null;
        }
        EngineSession session = new EngineSession(this, newSid(), handshake, transport);
        sessions.put(session.sid(), session);
        return session;
    }

    /** The polling connection of this sid, when it exists and comes from this address. */
    EngineSession polling(String sid, String address) {
        EngineSession session = sessions.get(sid);
        return session != null
                        && session.transport() instanceof PollingTransport
                        && session.handshake().address().equals(address)
                ? session
                : null;
    }

    /** A polling transport for a new connection; the first one starts the sweep that ends its GETs in time. */
    PollingTransport newPolling() {
        if (sweep.get() == null) {
            ScheduledFuture<?> started = scheduler.scheduleWithFixedDelay(
                    this::expirePolls, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            if (!sweep.compareAndSet(null, started)) {
                started.cancel(false);
            }
        }
        return new PollingTransport(pollMillis());
    }

    private void expirePolls() {
        long now = System.nanoTime();
        for (EngineSession session : sessions.values()) {
            if (session.transport() instanceof PollingTransport polling) {
                polling.expire(now);
            }
        }
    }

    /** The node stops: connections still without a namespace are closed too (their timers with them). */
    @PreDestroy
    void stop() {
        ScheduledFuture<?> sweeping = sweep.getAndSet(null);
        if (sweeping != null) {
            sweeping.cancel(false);
        }
        List.copyOf(sessions.values())
                .forEach(session -> session.close(CloseReason.CloseCodes.GOING_AWAY, "server stopping"));
    }

    void forget(EngineSession session) {
        sessions.remove(session.sid(), session);
    }

    /** How long a GET waits for packets before it gets a {@code noop}. */
    long pollMillis() {
        return heartbeatSeconds * 1000L;
    }

    int maxPayload() {
        return limits.frameBytes();
    }

    /** The Engine.IO open packet of a new connection; a polling one may upgrade to WebSocket. */
    String open(String sid, boolean upgradable) {
        return "0"
                + SocketIoDialect.JSON
                        .createObjectBuilder()
                        .add("sid", sid)
                        .add(
                                "upgrades",
                                upgradable
                                        ? SocketIoDialect.JSON
                                                .createArrayBuilder()
                                                .add("websocket")
                                        : SocketIoDialect.JSON.createArrayBuilder())
                        .add("pingInterval", heartbeatSeconds * 1000L)
                        .add("pingTimeout", pingTimeoutMillis)
                        .add("maxPayload", limits.frameBytes())
                        .build();
    }

    /** The user of a token, or a {@link TokenException} saying why not (safe to show). */
    UserToken authenticate(String token, String address) throws TokenException {
        return authenticator.authenticate(token, address);
    }

    /** Runs {@code task} once the connect timeout has passed. */
    ScheduledFuture<?> afterConnectTimeout(Runnable task) {
        return scheduler.schedule(task, connectTimeoutSeconds, TimeUnit.SECONDS);
    }

    private static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
