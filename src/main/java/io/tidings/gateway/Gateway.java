package io.tidings.gateway;

import io.tidings.auth.Authenticator;
import io.tidings.auth.ChannelAccess;
import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.channel.ChannelMatch;
import io.tidings.cluster.Bus;
import io.tidings.cluster.Position;
import io.tidings.cluster.Recovery;
import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.FrameHandler;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every namespace does with a connection's life and its core frames. Endpoints hand each event here and do
 * nothing else.
 */
@ApplicationScoped
public class Gateway implements FrameHandler<Connection> {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    private static final String CONNECTION = "tidings.connection";

    private SessionRegistry registry;
    private Bus bus;
    private Lifecycle lifecycle;
    private Authenticator authenticator;
    private Map<Namespace, ChannelAccess> access;
    private int heartbeatSeconds;
    private int authTimeoutSeconds;
    private GatewayLimits limits;

    Gateway() {}

    @Inject
    public Gateway(
            SessionRegistry registry,
            Bus bus,
            Lifecycle lifecycle,
            Authenticator authenticator,
            @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
            @ConfigProperty(name = "tidings.auth.timeout.seconds") int authTimeoutSeconds,
            @ConfigProperty(name = "tidings.auth.claims.wallets") String walletsClaim,
            @ConfigProperty(name = "tidings.auth.claims.positions") String positionsClaim,
            GatewayLimits limits) {
        this.registry = registry;
        this.bus = bus;
        this.lifecycle = lifecycle;
        this.authenticator = authenticator;
        this.heartbeatSeconds = heartbeatSeconds;
        this.authTimeoutSeconds = authTimeoutSeconds;
        this.limits = limits;
        this.access = new EnumMap<>(Namespace.class);
        for (Namespace namespace : Namespace.values()) {
            access.put(namespace, new ChannelAccess(walletsClaim, positionsClaim, namespace.rules()));
        }
    }

    public void open(Session session, Namespace namespace) {
        session.setMaxIdleTimeout(0); // liveness is the heartbeat's job, whatever the container's default
        // The session's properties start as this connection's own copy of what modifyHandshake left (WebSocket
        // 2.1); the endpoint config's map may be shared by concurrent handshakes.
        Handshake handshake = (Handshake) session.getUserProperties().remove(Handshake.KEY);
        if (handshake == null) {
            handshake = new Handshake(null, null, "unknown");
        }
        if (handshake.rejection() != null) {
            refuse(session, CloseCode.UNAUTHORIZED, handshake.rejection());
            return;
        }
        if (handshake.user() != null && !mayUse(namespace, handshake.user())) {
            refuse(session, CloseCode.UNAUTHORIZED, "role admin required");
            return;
        }
        if (registry.connectionCount() >= limits.connections()) {
            refuse(session, CloseCode.SERVER_FULL, "server full, try again later");
            return;
        }
        if (handshake.user() != null
                && registry.connectionsOf(handshake.user().getName()).size() >= limits.connectionsPerUser()) {
            refuse(session, CloseCode.SERVER_FULL, "too many connections for this user");
            return;
        }
        Connection connection = registry.open(session, namespace.path(), handshake.address(), handshake.user());
        session.getUserProperties().put(CONNECTION, connection);
        if (!lifecycle.ready()) {
            connection.close(CloseCode.RESTARTING);
            return;
        }
        if (namespace.requires() != Namespace.Requires.NOTHING && connection.user() == null) {
            connection.authDeadline(System.currentTimeMillis() + authTimeoutSeconds * 1000L);
        }
        connection.send(ServerFrames.connected(connection.id(), connection.user(), namespace.path(), heartbeatSeconds));
    }

    public void receive(Session session, String text) {
        Connection connection = connection(session);
        if (connection == null || !admit(connection)) {
            return;
        }
        if (tooBig(text)) {
            connection.close(CloseCode.TOO_BIG);
            return;
        }
        try {
            FrameDecoder.decode(text).dispatch(this, connection);
        } catch (FrameException e) {
            reject(connection, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Frame on session " + connection.id() + " failed", e);
            connection.send(ServerFrames.error(null, ErrorCode.INTERNAL, "internal error"));
        }
    }

    public void receiveBinary(Session session) {
        Connection connection = connection(session);
        if (connection != null && admit(connection)) {
            reject(connection, new FrameException(ErrorCode.BAD_REQUEST, "binary frames are not supported", null));
        }
    }

    /** Liveness and the frame budget: false when the frame must be dropped (answered, or the connection closed). */
    private boolean admit(Connection connection) {
        long now = System.currentTimeMillis();
        connection.heard(now);
        if (connection.withinRate(now)) {
            return true;
        }
        if (connection.rateViolation() > limits.rateTolerance()) {
            connection.close(CloseCode.RATE_LIMITED);
        } else {
            connection.send(ServerFrames.error(null, ErrorCode.RATE_LIMITED, "too many frames, slow down"));
        }
        return false;
    }

    private boolean tooBig(String text) {
        int limit = limits.frameBytes();
        // UTF-8 takes 1 to 3 bytes per char: count bytes only when the length alone does not decide
        return text.length() > limit
                || text.length() * 3L > limit && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limit;
    }

    /** Answers a refused frame; too many malformed ones close the connection (1008). */
    private void reject(Connection connection, FrameException e) {
        connection.send(ServerFrames.error(e));
        if (isMalformed(e) && connection.badFrame() > limits.badFrameTolerance()) {
            connection.close(CloseCode.POLICY_VIOLATION);
        }
    }

    /** A pong answering the server's ping: the client is alive. */
    public void pong(Session session) {
        Connection connection = connection(session);
        if (connection != null) {
            connection.heard(System.currentTimeMillis());
        }
    }

    public void closed(Session session, CloseReason reason) {
        Connection connection = connection(session);
        if (connection != null) {
            registry.close(connection);
        }
    }

    public void failed(Session session, Throwable error) {
        Connection connection = connection(session);
        String id = connection == null ? session.getId() : connection.id();
        LOG.log(Level.FINE, "Session " + id + " failed", error);
        if (connection != null) {
            registry.close(connection);
        }
    }

    @Override
    public void authenticate(Connection connection, ClientFrame.Authenticate frame) {
        UserToken user;
        try {
            user = authenticator.authenticate(frame.token(), connection.address());
        } catch (TokenException e) {
            throw new FrameException(ErrorCode.UNAUTHORIZED, e.getMessage(), frame.id());
        }
        if (connection.user() != null && !connection.user().equals(user.getName())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "the token is for another user", frame.id());
        }
        if (!mayUse(namespace(connection), user)) {
            throw new FrameException(ErrorCode.FORBIDDEN, "role admin required", frame.id());
        }
        if (connection.user() == null && registry.connectionsOf(user.getName()).size() >= limits.connectionsPerUser()) {
            connection.close(CloseCode.SERVER_FULL);
            return;
        }
        registry.authenticate(connection, user);
        connection.authDeadline(0);
        connection.send(ServerFrames.authenticated(frame.id(), user.getName(), user.expiresAt()));
    }

    @Override
    public void subscribe(Connection connection, ClientFrame.Subscribe frame) {
        String channel = frame.channel();
        Namespace namespace = namespace(connection);
        ChannelMatch match = namespace.rules().resolve(channel).orElseThrow(() -> invalidChannel(channel, frame.id()));
        switch (access.get(namespace).subscribe(match, connection.token())) {
            case UNAUTHORIZED ->
                throw new FrameException(
                        ErrorCode.UNAUTHORIZED, "this channel needs an authenticated user", frame.id());
            case FORBIDDEN -> throw new FrameException(ErrorCode.FORBIDDEN, "not allowed on this channel", frame.id());
            default -> {}
        }
        if (connection.subscriptionCount() >= limits.subscriptions()) {
            throw new FrameException(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + limits.subscriptions() + " subscriptions per connection",
                    frame.id());
        }
        Subscription subscription =
                registry.subscribe(connection, channel, match.pattern().conflatable());
        if (frame.since().isPresent()) {
            Recovery recovery = bus.recover(channel, frame.since().get());
            subscription.start(
                    ServerFrames.subscribed(frame.id(), channel, recovery.position(), recovery.recovered()),
                    recovery.missed(),
                    recovery.position().offset());
        } else {
            Position position = bus.position(channel);
            subscription.start(
                    ServerFrames.subscribed(frame.id(), channel, position, null), List.of(), position.offset());
        }
    }

    @Override
    public void unsubscribe(Connection connection, ClientFrame.Unsubscribe frame) {
        if (!registry.unsubscribe(connection, frame.channel())) {
            throw new FrameException(
                    ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + FrameDecoder.echo(frame.channel()), frame.id());
        }
        connection.send(ServerFrames.unsubscribed(frame.id(), frame.channel()));
    }

    @Override
    public void publish(Connection connection, ClientFrame.Publish frame) {
        namespace(connection)
                .rules()
                .resolve(frame.channel())
                .orElseThrow(() -> invalidChannel(frame.channel(), frame.id()));
        // No default rule lets clients publish: backends publish through the HTTP API.
        throw new FrameException(ErrorCode.FORBIDDEN, "clients may not publish to this channel", frame.id());
    }

    @Override
    public void ping(Connection connection, ClientFrame.Ping frame) {
        connection.send(ServerFrames.pong(frame.id()));
    }

    /** Frames that were wrong in themselves, as opposed to refused for who sent them. */
    private static boolean isMalformed(FrameException e) {
        return e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.INVALID_CHANNEL;
    }

    private static boolean mayUse(Namespace namespace, UserToken user) {
        return namespace.requires() != Namespace.Requires.ADMIN || user.hasRole(ChannelAccess.ADMIN);
    }

    private static FrameException invalidChannel(String channel, String id) {
        return new FrameException(
                ErrorCode.INVALID_CHANNEL, "unknown or malformed channel: " + FrameDecoder.echo(channel), id);
    }

    /** Closes a handshake that must not become a connection; it never sees a frame. */
    private static void refuse(Session session, CloseCode code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "Refusing a handshake failed", e);
        }
    }

    private static Namespace namespace(Connection connection) {
        return Namespace.of(connection.namespace());
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }
}
