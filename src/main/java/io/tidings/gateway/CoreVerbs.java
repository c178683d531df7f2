package io.tidings.gateway;

import io.tidings.auth.Authenticator;
import io.tidings.auth.ChannelAccess;
import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.channel.ChannelMatch;
import io.tidings.cluster.Bus;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.Entry;
import io.tidings.cluster.Recovery;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.messaging.Membership;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.CoreFrame;
import io.tidings.protocol.CoreFrameHandler;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The frames every namespace understands: authenticate, subscribe, unsubscribe, publish, ping. */
@ApplicationScoped
public class CoreVerbs implements CoreFrameHandler<Peer> {

    private static final Logger LOG = Logger.getLogger(CoreVerbs.class.getName());

    private SessionRegistry registry;
    private Bus bus;
    private Publisher publisher;
    private Authenticator authenticator;
    private Admission admission;
    private GatewayLimits limits;
    private Metrics metrics;
    private Map<Namespace, ChannelAccess> access;
    private List<ChannelState> states;

    CoreVerbs() {}

    @Inject
    public CoreVerbs(
            SessionRegistry registry,
            Bus bus,
            Publisher publisher,
            Authenticator authenticator,
            Admission admission,
            GatewayLimits limits,
            Metrics metrics,
            Membership membership,
            Instance<ChannelState> states,
            @ConfigProperty(name = "tidings.auth.claims.wallets") String walletsClaim,
            @ConfigProperty(name = "tidings.auth.claims.positions") String positionsClaim) {
        this.registry = registry;
        this.bus = bus;
        this.publisher = publisher;
        this.authenticator = authenticator;
        this.admission = admission;
        this.limits = limits;
        this.metrics = metrics;
        this.states = states.stream().toList();
        this.access = new EnumMap<>(Namespace.class);
        for (Namespace namespace : Namespace.values()) {
            access.put(
                    namespace,
                    new ChannelAccess(walletsClaim, positionsClaim, namespace.rules(), membership::isMember));
        }
    }

    @Override
    public void authenticate(Peer peer, CoreFrame.Authenticate frame) {
        Connection connection = peer.connection();
        UserToken user;
        try {
            user = authenticator.authenticate(frame.token(), connection.address());
        } catch (TokenException e) {
            throw new FrameException(ErrorCode.UNAUTHORIZED, e.getMessage(), frame.id());
        }
        if (connection.user() != null && !connection.user().equals(user.getName())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "the token is for another user", frame.id());
        }
        if (!Admission.mayUse(peer.namespace(), user)) {
            throw new FrameException(ErrorCode.FORBIDDEN, "role admin required", frame.id());
        }
        if (connection.user() == null && !admission.roomForAnother(user.getName())) {
            connection.close(CloseCode.SERVER_FULL);
            return;
        }
        boolean firstUser = connection.user() == null;
        registry.authenticate(connection, user);
        connection.authDeadline(0);
        connection.send(ServerFrames.authenticated(frame.id(), user.getName(), user.expiresAt()));
        if (firstUser) {
            subscribeOwnChannel(peer);
        }
    }

    /**
     * Subscribes a connection that has a user to its namespace's own channel of that user, if it has one, and to the
     * channels its dialect gives each user ({@code Dialect.ownChannels}).
     */
    void subscribeOwnChannel(Peer peer) {
        subscribeOwnChannel(peer, Set.of());
    }

    /** As {@link #subscribeOwnChannel(Peer)}, but for the channels {@code except} (resumed instead). */
    void subscribeOwnChannel(Peer peer, Set<String> except) {
        String user = peer.connection().user();
        if (user == null) {
            return;
        }
        List<String> channels = new ArrayList<>(peer.connection().dialect().ownChannels(user));
        String channel = peer.namespace().ownChannel(user);
        if (channel != null) {
            channels.add(0, channel);
        }
        channels.stream().filter(own -> !except.contains(own)).forEach(own -> subscribeOwn(peer, own));
    }

    private void subscribeOwn(Peer peer, String channel) {
        try {
            subscribe(peer, new CoreFrame.Subscribe(null, channel, Optional.empty()), true);
        } catch (FrameException e) {
            peer.connection().sendError(null, e.code(), "subscribing to " + channel + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Subscribing session " + peer.connection().id() + " to its own channel failed", e);
            peer.connection()
                    .sendError(
                            null,
                            ErrorCode.INTERNAL,
                            "subscribing to " + channel + " failed, subscribe to it yourself");
        }
    }

    @Override
    public void subscribe(Peer peer, CoreFrame.Subscribe frame) {
        subscribe(peer, frame, false);
    }

    /**
     * @param own whether it is the connection's own channel, which the server subscribes it to: not counted against
     *     the node's subscription budget, so that clients filling it cannot cut users off from their notifications
     */
    private void subscribe(Peer peer, CoreFrame.Subscribe frame, boolean own) {
        subscribe(
                peer,
                frame.channel(),
                frame.id(),
                own ? Asked.OWN : Asked.CLIENT,
                subscription -> start(subscription, frame));
    }

    /** Who asks for a subscription. */
    private enum Asked {
        /** The client, with {@code subscribe}. */
        CLIENT,
        /** The server, for the connection's own channel. */
        OWN,
        /** The server, for a client that believes it is subscribed already: a failure must close its connection. */
        RESUMED
    }

    /**
     * Subscribes again a connection whose client believes it still is subscribed (it recovered its session on a new
     * connection, as Socket.IO clients do): every check of a subscribe, but no {@code subscribed}; the events after
     * {@code since} that {@code missed} keeps, then live ones. When the history no longer reaches back to {@code
     * since}, what was missed cannot be told: the connection is closed for its client to start afresh.
     */
    public void resume(Peer peer, String channel, Position since, Predicate<Entry> missed) {
        subscribe(peer, channel, null, Asked.RESUMED, subscription -> {
            Recovery recovery = bus.recover(channel, since);
            if (!recovery.recovered()) {
                peer.connection().close(CloseCode.RESTARTING);
                return true;
            }
            EventFormat format = subscription.connection().dialect().events();
            return subscription.start(
                    null,
                    recovery.missed().stream()
                            .filter(missed)
                            .map(entry -> entry.frame(format))
                            .toList(),
                    List.of(),
                    recovery.position());
        });
    }

    private void subscribe(Peer peer, String channel, String id, Asked asked, Predicate<Subscription> start) {
        Connection connection = peer.connection();
        ChannelMatch match = allowed(peer, channel, id);
        if (!connection.subscribedTo(channel) && connection.subscriptionCount() >= limits.subscriptions()) {
            // a subscribe again (with since, to recover) replaces the subscription: it takes no new place
            throw new FrameException(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + limits.subscriptions() + " subscriptions per connection",
                    id);
        }
        if (asked != Asked.OWN && !connection.subscribedTo(channel) && !registry.roomFor(channel)) {
            throw new FrameException(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "this server holds as many subscriptions as it can, try again later",
                    id);
        }
        CompletionStage<Subscription> registered =
                registry.subscribe(connection, channel, match.pattern().conflatable());
        if (access.get(peer.namespace()).dependsOnMembership(match)) {
            // a member taken out between the check above and the registration was not unsubscribed by the removal
            recheckAccess(peer, match, id);
        }
        registered.whenComplete((subscription, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    throw cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
                }
                if (!start.test(subscription)) {
                    recheckAccess(peer, match, id); // ended before it started: say why if it was a removal
                    throw new FrameException(
                            ErrorCode.NOT_SUBSCRIBED,
                            "ended before it started, by a later subscribe or unsubscribe of the channel",
                            id);
                }
            } catch (FrameException e) {
                connection.sendError(e.id(), e.code(), e.getMessage());
            } catch (BusUnavailableException e) {
                failed(asked, connection, channel, id, ErrorCode.UNAVAILABLE, "temporarily unavailable, try again");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Subscribing session " + connection.id() + " to a channel failed", e);
                failed(asked, connection, channel, id, ErrorCode.INTERNAL, "subscribe failed, try again");
            }
        });
    }

    /** A subscription that failed: its client is told, or, when it believes it is subscribed, reconnects. */
    private void failed(Asked asked, Connection connection, String channel, String id, ErrorCode code, String why) {
        if (asked == Asked.RESUMED) {
            connection.close(CloseCode.RESTARTING); // its session still names the channel: it recovers it again
            return;
        }
        registry.unsubscribe(connection, channel);
        connection.sendError(id, code, why);
    }

    /** Each channel as its own subscribe with the same id: a refused one gets its error, the others go on. */
    @Override
    public void subscribeMany(Peer peer, CoreFrame.SubscribeMany frame) {
        eachChannel(
                peer,
                frame.id(),
                frame.channels(),
                channel -> subscribe(peer, new CoreFrame.Subscribe(frame.id(), channel, Optional.empty())));
    }

    /** Each channel as its own unsubscribe with the same id: one not subscribed gets its error, the others go on. */
    @Override
    public void unsubscribeMany(Peer peer, CoreFrame.UnsubscribeMany frame) {
        eachChannel(
                peer,
                frame.id(),
                frame.channels(),
                channel -> unsubscribe(peer, new CoreFrame.Unsubscribe(frame.id(), channel)));
    }

    private static void eachChannel(Peer peer, String id, List<String> channels, Consumer<String> verb) {
        for (String channel : new LinkedHashSet<>(channels)) {
            try {
                verb.accept(channel);
            } catch (FrameException e) {
                peer.connection().sendError(id, e.code(), FrameDecoder.echo(channel) + ": " + e.getMessage());
            } catch (BusUnavailableException e) {
                peer.connection()
                        .sendError(
                                id,
                                ErrorCode.UNAVAILABLE,
                                FrameDecoder.echo(channel) + ": temporarily unavailable, try again");
            }
        }
    }

    /** Checks access again after registering; when it is gone now, the subscription is ended and refused. */
    private void recheckAccess(Peer peer, ChannelMatch match, String id) {
        try {
            checkAccess(peer, match, id);
        } catch (RuntimeException e) { // refused, or the members could not be read: not subscribed either way
            registry.unsubscribe(peer.connection(), match.channel());
            throw e;
        }
    }

    /**
     * Reads the position (and what was missed) only now that the node receives the channel's publications.
     *
     * @return false when the subscription ended before it started
     */
    private boolean start(Subscription subscription, CoreFrame.Subscribe frame) {
        String channel = frame.channel();
        if (frame.since().isPresent()) {
            Recovery recovery = bus.recover(channel, frame.since().get());
            EventFormat format = subscription.connection().dialect().events();
            return subscription.start(
                    ServerFrames.subscribed(frame.id(), channel, recovery.position(), recovery.recovered()),
                    recovery.missed().stream().map(entry -> entry.frame(format)).toList(),
                    state(subscription),
                    recovery.position());
        } else {
            Position position = bus.position(channel);
            return subscription.start(
                    ServerFrames.subscribed(frame.id(), channel, position, null),
                    List.of(),
                    state(subscription),
                    position);
        }
    }

    /** The frames a new subscriber gets after {@code subscribed} and what it missed: the channel's state. */
    private List<String> state(Subscription subscription) {
        List<String> frames = new ArrayList<>();
        for (ChannelState state : states) {
            frames.addAll(state.framesFor(
                    subscription.channel(), subscription.connection().user()));
        }
        return frames;
    }

    @Override
    public void unsubscribe(Peer peer, CoreFrame.Unsubscribe frame) {
        if (!registry.unsubscribe(peer.connection(), frame.channel())) {
            throw new FrameException(
                    ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + FrameDecoder.echo(frame.channel()), frame.id());
        }
        peer.connection().send(ServerFrames.unsubscribed(frame.id(), frame.channel()));
    }

    /** Publishes for a client, on channels whose rule allows it (none of the default rules does). */
    @Override
    public void publish(Peer peer, CoreFrame.Publish frame) {
        ChannelMatch match = resolve(peer, frame.channel(), frame.id());
        if (!match.pattern().clientPublish()) {
            throw new FrameException(ErrorCode.FORBIDDEN, "clients may not publish to this channel", frame.id());
        }
        checkAccess(peer, match, frame.id());
        if (!Publisher.isEventName(frame.event())) {
            throw new FrameException(ErrorCode.BAD_REQUEST, Publisher.EVENT_NAME_RULE, frame.id());
        }
        Publisher.Submitted submitted = publisher.submit(Publication.now(frame.channel(), frame.event(), frame.data()));
        peer.connection()
                .send(ServerFrames.published(
                        frame.id(), frame.channel(), submitted.position().offset()));
    }

    @Override
    public void ping(Peer peer, CoreFrame.Ping frame) {
        peer.connection().send(ServerFrames.pong(frame.id()));
    }

    /** The channel's rule when this connection may subscribe to it; the matching error otherwise. */
    private ChannelMatch allowed(Peer peer, String channel, String id) {
        ChannelMatch match = resolve(peer, channel, id);
        checkAccess(peer, match, id);
        return match;
    }

    private static ChannelMatch resolve(Peer peer, String channel, String id) {
        return peer.namespace()
                .rules()
                .resolve(channel)
                .orElseThrow(() -> new FrameException(
                        ErrorCode.INVALID_CHANNEL, "unknown or malformed channel: " + FrameDecoder.echo(channel), id));
    }

    private void checkAccess(Peer peer, ChannelMatch match, String id) {
        switch (access.get(peer.namespace()).subscribe(match, peer.connection().token())) {
            case UNAUTHORIZED ->
                throw new FrameException(ErrorCode.UNAUTHORIZED, "this channel needs an authenticated user", id);
            case FORBIDDEN -> throw new FrameException(ErrorCode.FORBIDDEN, "not allowed on this channel", id);
            default -> {}
        }
    }
}
