package io.tidings.gateway;

import io.tidings.auth.UserToken;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One scheduled task for all connections, once a second: closes those that did not authenticate in time (4001),
 * warns before a token runs out ({@code token_expiring}) and closes when it has (4010); pings each connection once
 * a heartbeat period, each at its own phase of it, and closes those silent for too many pings (4000); forgets, and
 * counts as drift, connections whose socket closed without the container telling us.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    private static final long PERIOD_MILLIS = 1000;

    /** How long a closing connection may take to send what was queued before its close frame. */
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private static final int CLOSED_ABNORMALLY = 1006;

    private SessionRegistry registry;
    private Metrics metrics;
    private long expiryWarningMillis;
    private long heartbeatMillis;
    private int missedHeartbeats;
    private ScheduledFuture<?> task;

    @Resource
    ManagedScheduledExecutorService scheduler;

    Housekeeping() {}

    @Inject
    public Housekeeping(
            SessionRegistry registry,
            Metrics metrics,
            @ConfigProperty(name = "tidings.auth.expiry.warning.seconds") int expiryWarningSeconds,
            @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
            @ConfigProperty(name = "tidings.heartbeat.missed") int missedHeartbeats) {
        this.registry = registry;
        this.metrics = metrics;
        this.expiryWarningMillis = expiryWarningSeconds * 1000L;
        this.heartbeatMillis = heartbeatSeconds * 1000L;
        this.missedHeartbeats = missedHeartbeats;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        task = scheduler.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void sweep() {
        try {
            long now = System.currentTimeMillis();
            for (Connection connection : registry.connections()) {
                if (connection.socketGone(now, CLOSE_GRACE_MILLIS)) {
                    // the container closed the socket without telling us: the registry must not keep counting it
                    metrics.registryDrift();
                    registry.close(connection, connection.endedWith(CLOSED_ABNORMALLY));
                    continue;
                }
                check(connection, now);
                if (!connection.closing() && !connection.keepAlive(now, heartbeatMillis, missedHeartbeats)) {
                    connection.close(CloseCode.HEARTBEAT_TIMEOUT);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Housekeeping failed", e); // and runs again next period
        }
    }

    private void check(Connection connection, long now) {
        if (connection.closing()) {
            connection.forceCloseIfStuck(now, CLOSE_GRACE_MILLIS);
            return;
        }
        long deadline = connection.authDeadline();
        if (deadline > 0 && now >= deadline && connection.user() == null) {
            connection.close(CloseCode.UNAUTHORIZED);
            return;
        }
        UserToken token = connection.token();
        if (token == null) {
            return;
        }
        long expires = token.expiresAt();
        if (now >= expires) {
            connection.close(CloseCode.TOKEN_EXPIRED);
        } else if (now >= expires - expiryWarningMillis && connection.warnExpiryOnce()) {
            connection.send(ServerFrames.tokenExpiring(expires));
        }
    }
}
