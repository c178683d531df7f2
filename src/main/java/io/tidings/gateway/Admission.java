package io.tidings.gateway;

import io.tidings.auth.ChannelAccess;
import io.tidings.auth.UserToken;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.Dialect;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Wire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether an upgraded connection may stay: its token, its namespace's role, the connection limits and
 * readiness. An admitted one is registered and told {@code connected}; a refused one is closed before any frame.
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class.getName());

    private SessionRegistry registry;
    private GracefulStop stop;
    private GatewayLimits limits;
    private UserConnections userConnections;
    private int heartbeatSeconds;
    private int authTimeoutSeconds;

    Admission() {}

    @Inject
    public Admission(
            SessionRegistry registry,
            GracefulStop stop,
            GatewayLimits limits,
            UserConnections userConnections,
            @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
            @ConfigProperty(name = "tidings.auth.timeout.seconds") int authTimeoutSeconds) {
        this.registry = registry;
        this.stop = stop;
        this.limits = limits;
        this.userConnections = userConnections;
        this.heartbeatSeconds = heartbeatSeconds;
        this.authTimeoutSeconds = authTimeoutSeconds;
    }

    /** How a dialect turns a connection away before it is registered (Tidings' own closes the socket). */
    @FunctionalInterface
    public interface Refusal {
        void refuse(CloseCode code, String reason);
    }

    /**
     * A connection on its own WebSocket session, speaking {@code dialect}: the registered connection, or null when it
     * was refused (and is being closed).
     */
    public Peer admit(Session session, Namespace namespace, Dialect dialect) {
        session.setMaxIdleTimeout(0); // liveness is the heartbeat's job, whatever the container's default
        return admit(
                Wire.of(session),
                namespace,
                Handshake.take(session),
                dialect,
                (code, reason) -> refuse(session, code, reason));
    }

    /**
     * Admits a connection of a dialect on its {@code wire} (a WebSocket, or a share of one): the same checks, the same
     * registration, told {@code connected} in its dialect; a refused one is told through {@code refusal}.
     */
    public Peer admit(Wire wire, Namespace namespace, Handshake handshake, Dialect dialect, Refusal refusal) {
        if (handshake.rejection() != null) {
            refusal.refuse(CloseCode.UNAUTHORIZED, handshake.rejection());
            return null;
        }
        if (handshake.user() != null && !mayUse(namespace, handshake.user())) {
            refusal.refuse(CloseCode.UNAUTHORIZED, "role admin required");
            return null;
        }
        if (registry.connectionCount() >= limits.connections()) {
            refusal.refuse(CloseCode.SERVER_FULL, "server full, try again later");
            return null;
        }
        if (handshake.user() != null && !roomForAnother(handshake.user().getName())) {
            refusal.refuse(CloseCode.SERVER_FULL, "too many connections for this user");
            return null;
        }
        Connection connection = registry.open(wire, namespace.path(), handshake.address(), handshake.user(), dialect);
        if (!stop.ready()) {
            connection.close(CloseCode.RESTARTING);
            return new Peer(connection, namespace);
        }
        if (namespace.requires() != Namespace.Requires.NOTHING && connection.user() == null) {
            connection.authDeadline(System.currentTimeMillis() + authTimeoutSeconds * 1000L);
        }
        connection.send(ServerFrames.connected(connection.id(), connection.user(), namespace.path(), heartbeatSeconds));
        return new Peer(connection, namespace);
    }

    /**
     * Whether the user may open one more connection (on every node, with Redis); if so, it is counted, and counted out
     * when it closes.
     */
    public boolean roomForAnother(String user) {
        return userConnections.tryAdd(user, limits.connectionsPerUser());
    }

    /** Whether the user's roles allow the namespace. */
    public static boolean mayUse(Namespace namespace, UserToken user) {
        return namespace.requires() != Namespace.Requires.ADMIN || user.hasRole(ChannelAccess.ADMIN);
    }

    /** Closes a handshake that must not become a connection; it never sees a frame. */
    private static void refuse(Session session, CloseCode code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "Refusing a handshake failed", e);
        }
    }
}
