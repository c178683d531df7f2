package io.tidings.gateway;

import io.tidings.channel.Access;
import io.tidings.channel.ChannelMatch;
import io.tidings.channel.ChannelRules;
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
import java.util.List;
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
    private static final ChannelRules MARKET = ChannelRules.market();

    private SessionRegistry registry;
    private Bus bus;
    private Lifecycle lifecycle;
    private int heartbeatSeconds;
    private int maxSubscriptions;
    private int maxFrameBytes;

    Gateway() {
    }

    @Inject
    public Gateway(SessionRegistry registry, Bus bus, Lifecycle lifecycle,
                   @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
                   @ConfigProperty(name = "tidings.limits.subscriptions") int maxSubscriptions,
                   @ConfigProperty(name = "tidings.limits.frame.bytes") int maxFrameBytes) {
        this.registry = registry;
        this.bus = bus;
        this.lifecycle = lifecycle;
        this.heartbeatSeconds = heartbeatSeconds;
        this.maxSubscriptions = maxSubscriptions;
        this.maxFrameBytes = maxFrameBytes;
    }

    public void open(Session session, String namespace) {
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        Connection connection = registry.open(session, namespace);
        session.getUserProperties().put(CONNECTION, connection);
        if (!lifecycle.ready()) {
            connection.close(CloseCode.RESTARTING);
            return;
        }
        connection.send(ServerFrames.connected(connection.id(), connection.user(), namespace, heartbeatSeconds));
    }

    public void receive(Session session, String text) {
        Connection connection = connection(session);
        if (connection == null) {
            return;
        }
        try {
            FrameDecoder.decode(text).dispatch(this, connection);
        } catch (FrameException e) {
            connection.send(ServerFrames.error(e));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Frame on session " + connection.id() + " failed", e);
            connection.send(ServerFrames.error(null, ErrorCode.INTERNAL, "internal error"));
        }
    }

    public void receiveBinary(Session session) {
        Connection connection = connection(session);
        if (connection != null) {
            connection.send(ServerFrames.error(null, ErrorCode.BAD_REQUEST, "binary frames are not supported"));
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
        throw new FrameException(ErrorCode.UNAUTHORIZED, "token authentication is not configured", frame.id());
    }

    @Override
    public void subscribe(Connection connection, ClientFrame.Subscribe frame) {
        String channel = frame.channel();
        authorize(connection, resolve(channel, frame.id()), frame.id());
        if (connection.subscriptionCount() >= maxSubscriptions) {
            throw new FrameException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + maxSubscriptions + " subscriptions per connection", frame.id());
        }
        Subscription subscription = registry.subscribe(connection, channel);
        if (frame.since().isPresent()) {
            Recovery recovery = bus.recover(channel, frame.since().get());
            subscription.start(
                    ServerFrames.subscribed(frame.id(), channel, recovery.position(), recovery.recovered()),
                    recovery.missed(), recovery.position().offset());
        } else {
            Position position = bus.position(channel);
            subscription.start(ServerFrames.subscribed(frame.id(), channel, position, null), List.of(),
                    position.offset());
        }
    }

    @Override
    public void unsubscribe(Connection connection, ClientFrame.Unsubscribe frame) {
        if (!registry.unsubscribe(connection, frame.channel())) {
            throw new FrameException(ErrorCode.NOT_SUBSCRIBED,
                    "not subscribed to " + FrameDecoder.echo(frame.channel()), frame.id());
        }
        connection.send(ServerFrames.unsubscribed(frame.id(), frame.channel()));
    }

    @Override
    public void publish(Connection connection, ClientFrame.Publish frame) {
        resolve(frame.channel(), frame.id());
        // No default rule lets clients publish: backends publish through the HTTP API.
        throw new FrameException(ErrorCode.FORBIDDEN, "clients may not publish to this channel", frame.id());
    }

    @Override
    public void ping(Connection connection, ClientFrame.Ping frame) {
        connection.send(ServerFrames.pong(frame.id()));
    }

    private static ChannelMatch resolve(String channel, String id) {
        return MARKET.resolve(channel).orElseThrow(() -> new FrameException(ErrorCode.INVALID_CHANNEL,
                "unknown or malformed channel: " + FrameDecoder.echo(channel), id));
    }

    private static void authorize(Connection connection, ChannelMatch match, String id) {
        if (match.pattern().access() == Access.PUBLIC) {
            return;
        }
        if (connection.user() == null) {
            throw new FrameException(ErrorCode.UNAUTHORIZED, "this channel needs an authenticated user", id);
        }
        throw new FrameException(ErrorCode.FORBIDDEN, "not allowed on this channel", id);
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }
}
