package io.tidings.session;

import io.tidings.auth.UserToken;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one owner of live connections and of who is subscribed to what on this node. Every connection is added on
 * open and removed on close or error; a channel's subscriber set disappears with its last subscriber.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Subscription>> channels = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Connection>> users = new ConcurrentHashMap<>();
    private final DeliveryCounters counters = new DeliveryCounters();
    private Limits limits;

    @Resource
    ManagedExecutorService executor;

    SessionRegistry() {}

    @Inject
    public SessionRegistry(
            @ConfigProperty(name = "tidings.outbound.queue") int queueCapacity,
            @ConfigProperty(name = "tidings.limits.frames.per.second") double framesPerSecond,
            @ConfigProperty(name = "tidings.limits.frames.burst") double frameBurst) {
        this.limits = new Limits(queueCapacity, framesPerSecond, frameBurst);
    }

    public Connection open(Session session, String namespace, String address, UserToken user) {
        Connection connection = new Connection(newId(), namespace, address, session, limits, executor, counters);
        connections.put(connection.id(), connection);
        if (user != null) {
            authenticate(connection, user);
        }
        return connection;
    }

    /** Sets the connection's user, or refreshes its token; the caller checks that the user does not change. */
    public void authenticate(Connection connection, UserToken user) {
        connection.token(user);
        users.computeIfAbsent(user.getName(), u -> ConcurrentHashMap.newKeySet())
                .add(connection);
        if (!connections.containsKey(connection.id())) {
            forgetUser(connection); // closed meanwhile
        }
    }

    /** Every open connection of a user, on this node. */
    public Collection<Connection> connectionsOf(String user) {
        Set<Connection> of = users.get(user);
        return of == null ? Set.of() : of;
    }

    public void close(Connection connection) {
        if (connections.remove(connection.id()) == null) {
            return;
        }
        forgetUser(connection);
        for (Subscription subscription : connection.subscriptions()) {
            unsubscribe(connection, subscription.channel());
        }
    }

    /**
     * Subscribes, replacing an earlier subscription to the same channel. The new subscription holds back live
     * events until {@link Subscription#start} is called.
     */
    public Subscription subscribe(Connection connection, String channel, boolean conflatable) {
        unsubscribe(connection, channel);
        Subscription subscription = connection.addSubscription(channel, conflatable);
        channels.compute(channel, (name, subscribers) -> {
            Set<Subscription> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            set.add(subscription);
            return set;
        });
        return subscription;
    }

    /** @return false when the connection was not subscribed */
    public boolean unsubscribe(Connection connection, String channel) {
        Subscription subscription = connection.removeSubscription(channel);
        if (subscription == null) {
            return false;
        }
        channels.computeIfPresent(channel, (name, subscribers) -> {
            subscribers.remove(subscription);
            return subscribers.isEmpty() ? null : subscribers;
        });
        return true;
    }

    private void forgetUser(Connection connection) {
        String user = connection.user();
        if (user != null) {
            users.computeIfPresent(user, (u, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public Collection<Subscription> subscribers(String channel) {
        Set<Subscription> subscribers = channels.get(channel);
        return subscribers == null ? Set.of() : subscribers;
    }

    public Collection<Connection> connections() {
        return connections.values();
    }

    public int connectionCount() {
        return connections.size();
    }

    public int userCount() {
        return users.size();
    }

    public int channelCount() {
        return channels.size();
    }

    public DeliveryCounters counters() {
        return counters;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
