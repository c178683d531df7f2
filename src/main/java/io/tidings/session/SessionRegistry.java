package io.tidings.session;

import io.tidings.auth.UserToken;
import io.tidings.lifecycle.ConnectionAuthenticated;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.ConnectionOpened;
import io.tidings.lifecycle.FirstConnectionOpened;
import io.tidings.lifecycle.LastConnectionClosed;
import io.tidings.lifecycle.Subscribed;
import io.tidings.lifecycle.Unsubscribed;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.Dialect;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one owner of live connections and of who is subscribed to what on this node. Every connection is added on
 * open and removed on close or error; a channel's subscriber set disappears with its last subscriber. Each change is
 * fired as a {@code lifecycle} event, once.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A channel's local subscribers, and the stage after which the bus hands its publications to this node. */
    private static final class Subscribers {
        final ChannelSubscribers set = new ChannelSubscribers();
        CompletionStage<Void> live;
    }

    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Subscribers> channels = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Connection>> users = new ConcurrentHashMap<>();
    private Limits limits;
    private SubscriptionBudget budget;
    private ChannelInterest interest;
    private DeliveryMeter meter;
    private Event<Object> events;
    private Executor closer;

    @Resource
    ManagedExecutorService executor;

    SessionRegistry() {}

    @Inject
    public SessionRegistry(
            @ConfigProperty(name = "tidings.outbound.queue") int queueCapacity,
            @ConfigProperty(name = "tidings.limits.frames.per.second") double framesPerSecond,
            @ConfigProperty(name = "tidings.limits.frames.burst") double frameBurst,
            @ConfigProperty(name = "tidings.limits.subscriptions.heap.percent") double subscriptionsHeapPercent,
            ChannelInterest interest,
            DeliveryMeter meter,
            Event<Object> events) {
        this(
                new Limits(queueCapacity, framesPerSecond, frameBurst),
                SubscriptionBudget.ofHeap(subscriptionsHeapPercent),
                interest,
                meter,
                events,
                null);
    }

    /** For tests: {@code closer} runs closes (the managed executor when null). */
    public SessionRegistry(
            Limits limits,
            SubscriptionBudget budget,
            ChannelInterest interest,
            DeliveryMeter meter,
            Event<Object> events,
            Executor closer) {
        this.limits = limits;
        this.budget = budget;
        this.interest = interest;
        this.meter = meter;
        this.events = events;
        this.closer = closer;
    }

    public Connection open(Session session, String namespace, String address, UserToken user) {
        return open(session, namespace, address, user, Dialect.NATIVE);
    }

    /** Registers a connection that speaks {@code dialect} on {@code wire}. */
    public Connection open(Session session, String namespace, String address, UserToken user, Dialect dialect) {
        return open(Wire.of(session), namespace, address, user, dialect);
    }

    /** Registers a connection that speaks {@code dialect} on {@code wire}. */
    public Connection open(Wire wire, String namespace, String address, UserToken user, Dialect dialect) {
        Connection connection = new Connection(
                newId(), namespace, address, wire, limits, closer != null ? closer : executor, meter, dialect);
        connections.put(connection.id(), connection);
        fire(new ConnectionOpened(connection.id(), namespace, user == null ? null : user.getName(), dialect.name()));
        if (user != null) {
            authenticate(connection, user);
        }
        return connection;
    }

    /** Sets the connection's user, or refreshes its token; the caller checks that the user does not change. */
    public void authenticate(Connection connection, UserToken user) {
        boolean wasAnonymous = connection.user() == null;
        connection.token(user);
        boolean[] first = {false};
        users.compute(user.getName(), (name, set) -> {
            Set<Connection> of = set;
            if (of == null) {
                of = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            of.add(connection);
            return of;
        });
        if (first[0]) {
            fire(new FirstConnectionOpened(user.getName()));
        }
        if (!connections.containsKey(connection.id())) {
            forgetUser(connection); // closed meanwhile
        } else if (wasAnonymous) {
            fire(new ConnectionAuthenticated(connection.id(), connection.namespace(), user.getName()));
        }
    }

    /** Every open connection of a user, on this node. */
    public Collection<Connection> connectionsOf(String user) {
        Set<Connection> of = users.get(user);
        return of == null ? Set.of() : of;
    }

    /** Closes every connection of a user on this node with 4011; returns how many there were. */
    public int disconnect(String user) {
        List<Connection> of = List.copyOf(connectionsOf(user));
        of.forEach(connection -> connection.close(CloseCode.DISCONNECTED));
        return of.size();
    }

    /**
     * Removes a connection and ends its subscriptions; later calls do nothing. Nothing an observer does can keep a
     * closed connection, its subscriptions or its place among its user's connections in the registry.
     *
     * @param closeCode the close code it ended with, for the {@link ConnectionClosed} event
     */
    public void close(Connection connection, int closeCode) {
        if (connections.remove(connection.id()) == null) {
            return;
        }
        try {
            for (Subscription subscription : List.copyOf(connection.subscriptions())) {
                end(connection, subscription.channel());
            }
        } finally {
            fire(new ConnectionClosed(
                    connection.id(),
                    connection.namespace(),
                    connection.user(),
                    closeCode,
                    connection.dialect().name()));
            forgetUser(connection);
        }
    }

    /**
     * Subscribes, replacing an earlier subscription to the same channel (which is not an unsubscribe). The new
     * subscription holds back live events until {@link Subscription#start} is called; call it once the returned stage
     * completes, after reading the channel's position: the node then receives every later publication.
     */
    public CompletionStage<Subscription> subscribe(Connection connection, String channel, boolean conflatable) {
        Subscription subscription = new Subscription(connection, channel, conflatable);
        Subscribers subscribers;
        synchronized (connection.subscriptionLock) {
            Subscription replaced = connection.putSubscription(subscription);
            if (replaced != null) {
                replaced.end();
            }
            subscribers = channels.compute(channel, (name, existing) -> {
                Subscribers of = existing;
                if (of == null) {
                    of = new Subscribers();
                    of.live = interest.first(name);
                    budget.add(SubscriptionBudget.channelBytes(name));
                }
                if (replaced != null) {
                    of.set.remove(replaced);
                } else {
                    budget.add(SubscriptionBudget.SUBSCRIPTION_BYTES);
                }
                of.set.add(subscription);
                return of;
            });
            if (replaced == null) {
                fire(new Subscribed(connection.id(), connection.namespace(), subscription.user(), channel));
            }
        }
        if (!connections.containsKey(connection.id())) {
            unsubscribe(connection, channel); // closed meanwhile
        }
        return subscribers.live.thenApply(live -> subscription);
    }

    /**
     * Whether the node's subscription budget has room for one more subscription to this channel (see {@link
     * SubscriptionBudget}); a moment's answer, so concurrent subscribes may pass it by a few.
     */
    public boolean roomFor(String channel) {
        return budget.allows(channel, !channels.containsKey(channel));
    }

    /** The heap the subscriptions of this node are estimated to take, in bytes. */
    public long subscriptionBytes() {
        return budget.usedBytes();
    }

    /** What {@link #subscriptionBytes} may reach, in bytes. */
    public long subscriptionBytesLimit() {
        return budget.limitBytes();
    }

    /** @return false when the connection was not subscribed */
    public boolean unsubscribe(Connection connection, String channel) {
        boolean subscribed = end(connection, channel) != Ended.NOT_SUBSCRIBED;
        if (subscribed) {
            connection.subscriptionEnded(channel);
        }
        return subscribed;
    }

    /**
     * Ends a subscription the connection may no longer hold (its user was taken out of a conversation).
     *
     * @return whether its client had been answered {@code subscribed}, and so must be told it is not any more; a
     *     subscription ended before it started answers its own {@code subscribe} with an error instead
     */
    public boolean revoke(Connection connection, String channel) {
        Ended ended = end(connection, channel);
        if (ended != Ended.NOT_SUBSCRIBED) {
            connection.subscriptionEnded(channel);
        }
        return ended == Ended.STARTED;
    }

    private enum Ended {
        NOT_SUBSCRIBED,
        BEFORE_IT_STARTED,
        STARTED
    }

    private Ended end(Connection connection, String channel) {
        synchronized (connection.subscriptionLock) {
            Subscription subscription = connection.removeSubscription(channel);
            if (subscription == null) {
                return Ended.NOT_SUBSCRIBED;
            }
            Ended ended = subscription.end() ? Ended.STARTED : Ended.BEFORE_IT_STARTED;
            budget.add(-SubscriptionBudget.SUBSCRIPTION_BYTES);
            channels.computeIfPresent(channel, (name, subscribers) -> {
                subscribers.set.remove(subscription);
                if (subscribers.set.size() == 0) {
                    interest.last(name);
                    budget.add(-SubscriptionBudget.channelBytes(name));
                    return null;
                }
                return subscribers;
            });
            fire(new Unsubscribed(connection.id(), connection.namespace(), subscription.user(), channel));
            return ended;
        }
    }

    private void forgetUser(Connection connection) {
        String user = connection.user();
        if (user == null) {
            return;
        }
        boolean[] last = {false};
        users.computeIfPresent(user, (name, set) -> {
            set.remove(connection);
            last[0] = set.isEmpty();
            return last[0] ? null : set;
        });
        if (last[0]) {
            fire(new LastConnectionClosed(user));
        }
    }

    /**
     * Tells the observers of a change that is already made. An observer that fails is a bug to fix, but it must not
     * undo the registry's bookkeeping half-way (a connection that stays registered after its socket closed), so its
     * failure is logged here and the registry carries on.
     */
    private void fire(Object event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of " + event.getClass().getSimpleName() + " failed", e);
        }
    }

    /** Each channel with subscribers on this node, and how many (a moment's view, for the monitor). */
    public void forEachChannel(java.util.function.ObjIntConsumer<String> channel) {
        channels.forEach((name, subscribers) -> channel.accept(name, subscribers.set.size()));
    }

    public Collection<Subscription> subscribers(String channel) {
        Subscribers subscribers = channels.get(channel);
        return subscribers == null ? Set.of() : subscribers.set.all();
    }

    /** A channel's subscribers on this node in parts, for a fan-out; null when it has none. */
    public ChannelSubscribers subscriberParts(String channel) {
        Subscribers subscribers = channels.get(channel);
        return subscribers == null ? null : subscribers.set;
    }

    public Collection<Connection> connections() {
        return connections.values();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Connections with a user. */
    public int authenticatedCount() {
        int count = 0;
        for (Set<Connection> of : users.values()) {
            count += of.size();
        }
        return count;
    }

    public int userCount() {
        return users.size();
    }

    public int channelCount() {
        return channels.size();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
