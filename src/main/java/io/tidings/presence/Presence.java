package io.tidings.presence;

import io.tidings.channel.ChannelName;
import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.ConnectionAuthenticated;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.LastConnectionClosed;
import io.tidings.lifecycle.Subscribed;
import io.tidings.lifecycle.Unsubscribed;
import io.tidings.protocol.EventFrame;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Presence, from the lifecycle events: this node's connections per channel and user go to the {@link PresenceStore}
 * (this node's memory, or Redis for every node), which says when a user joins or leaves. A user joins a channel with
 * the first of its connections anywhere to subscribe and leaves {@code tidings.presence.grace.seconds} after the last
 * one anywhere unsubscribed, unless one subscribed again meanwhile; {@code presence:{channel}} gets ephemeral {@code
 * join} ({@link Member}) and {@code leave} ({@code {user}}) events, and a new subscriber of it gets {@code members}
 * ({@code {members: [...]}}) first. Anonymous connections are not members. A user is online from its first
 * connection anywhere and offline the grace period after its last ({@link UserCameOnline}, {@link
 * UserWentOffline}, fired on the node that saw it happen). Every third of {@code tidings.presence.ttl.seconds} the
 * node says it is alive; users of a node that stopped leave.
 */
@ApplicationScoped
public class Presence implements ChannelState {

    private static final Logger LOG = Logger.getLogger(Presence.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final String PRESENCE = "presence:";

    /** This node's connections of a user in a scope, and the leave waiting for the grace period after the last. */
    private static final class Here {
        int connections;
        ScheduledFuture<?> leaving;
    }

    /** Scope (a channel, or {@link PresenceStore#ONLINE}) to user to this node's connections there. */
    private final ConcurrentHashMap<String, Map<String, Here>> local = new ConcurrentHashMap<>();

    @Inject
    Publisher publisher;

    @Inject
    SessionRegistry registry;

    @Inject
    PresenceStore store;

    @Inject
    PresenceStores stores;

    @Inject
    Event<UserCameOnline> cameOnline;

    @Inject
    Event<UserWentOffline> wentOffline;

    @Inject
    Event<PresenceStore.Departure> departed;

    @Inject
    Event<PresenceStore.SetAgain> toldAgain;

    @Inject
    @ConfigProperty(name = "tidings.presence.grace.seconds")
    int graceSeconds;

    @Inject
    @ConfigProperty(name = "tidings.presence.channels")
    Optional<String> channelPrefixes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private List<String> tracked;
    private ScheduledFuture<?> heartbeats;
    /** The application is stopping: its beans are going, so a leave due now is not counted (the node's TTL is). */
    private volatile boolean stopped;

    @PostConstruct
    void configure() {
        tracked = channelPrefixes
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** Says this node is alive from the start, before any connection counts, and every third of the TTL after. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        heartbeat();
        long every = stores.heartbeatMillis();
        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }

    /** Whether this channel keeps presence: every channel but presence channels, or the configured prefixes. */
    public boolean keepsPresence(String channel) {
        return !channel.startsWith(PRESENCE)
                && (tracked.isEmpty() || tracked.stream().anyMatch(channel::startsWith));
    }

    /**
     * The channel's members on every node, in no particular order.
     *
     * @throws io.tidings.cluster.BusUnavailableException when presence is in Redis and Redis cannot be reached
     */
    public List<Member> members(String channel) {
        return store.members(channel);
    }

    /** The user's presence: online since when, with how many connections on every node; empty when offline. */
    public Optional<Member> user(String user) {
        return store.member(PresenceStore.ONLINE, user);
    }

    void subscribed(@Observes Subscribed subscribed) {
        if (subscribed.user() != null && keepsPresence(subscribed.channel())) {
            change(subscribed.channel(), subscribed.user(), count -> count + 1);
        }
    }

    void unsubscribed(@Observes Unsubscribed unsubscribed) {
        if (unsubscribed.user() != null && keepsPresence(unsubscribed.channel())) {
            change(unsubscribed.channel(), unsubscribed.user(), count -> count - 1);
        }
    }

    void authenticated(@Observes ConnectionAuthenticated authenticated) {
        change(PresenceStore.ONLINE, authenticated.user(), count -> connectionsOf(authenticated.user(), null));
    }

    void closed(@Observes ConnectionClosed closed) {
        if (closed.user() != null) {
            change(PresenceStore.ONLINE, closed.user(), count -> connectionsOf(closed.user(), closed.connection()));
        }
    }

    void lastConnection(@Observes LastConnectionClosed closed) {
        change(PresenceStore.ONLINE, closed.user(), count -> connectionsOf(closed.user(), null));
    }

    /** The user's connections on this node but {@code closing}. */
    private int connectionsOf(String user, String closing) {
        return (int) registry.connectionsOf(user).stream()
                .filter(c -> !c.id().equals(closing))
                .count();
    }

    /**
     * Applies a change of this node's connections of a user in a scope: the store hears of every count but 0 at once,
     * and of 0 the grace period later if it is still 0. The store is told under the scope's lock, so its changes keep
     * their order; what it answers is announced outside it.
     */
    private void change(String scope, String user, java.util.function.IntUnaryOperator next) {
        change(scope, user, next, false);
    }

    private void change(String scope, String user, java.util.function.IntUnaryOperator next, boolean again) {
        List<CompletionStage<PresenceStore.Change>> told = new ArrayList<>(1);
        local.compute(scope, (name, members) -> {
            Map<String, Here> of = members == null ? new HashMap<>() : members;
            Here here = of.computeIfAbsent(user, u -> new Here());
            int before = here.connections;
            here.connections = Math.max(0, next.applyAsInt(before));
            if (here.connections > 0) {
                boolean wasLeaving = here.leaving != null;
                if (wasLeaving) {
                    here.leaving.cancel(false); // back within the grace period: no leave, no join
                    here.leaving = null;
                }
                if (here.connections != before || wasLeaving || again) {
                    told.add(store.set(scope, user, here.connections));
                }
            } else if (before > 0) {
                here.leaving = scheduler.schedule(() -> leave(scope, user, here), graceSeconds, TimeUnit.SECONDS);
            } else if (here.leaving == null) {
                of.remove(user);
                if (again) {
                    told.add(store.set(scope, user, 0)); // a leave the store did not hear the first time
                }
            }
            return of.isEmpty() ? null : of;
        });
        told.forEach(change -> change.whenComplete((result, failure) -> announce(scope, user, result, failure)));
    }

    private void leave(String scope, String user, Here leaving) {
        if (stopped) {
            return;
        }
        try {
            List<CompletionStage<PresenceStore.Change>> told = new ArrayList<>(1);
            local.computeIfPresent(scope, (name, members) -> {
                if (members.get(user) == leaving && leaving.connections == 0) {
                    members.remove(user);
                    told.add(store.set(scope, user, 0));
                }
                return members.isEmpty() ? null : members;
            });
            told.forEach(change -> change.whenComplete((result, failure) -> {
                if (failure != null) {
                    untold(scope, user); // the store still counts this node's connection: tell it 0 again later
                }
                announce(scope, user, result, failure);
            }));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Counting a user out of a channel failed", e);
        }
    }

    /** Says this node is alive, announces the leaves of users of nodes that stopped, and counts again if asked. */
    private void heartbeat() {
        try {
            PresenceStore.Heartbeat beat = store.heartbeat();
            for (PresenceStore.Departure departure : beat.departures()) {
                if (departure.scope().startsWith("/")) {
                    departed.fire(departure); // a scope of another feature's, e.g. a namespace's connections
                    continue;
                }
                announce(
                        departure.scope(),
                        departure.user(),
                        new PresenceStore.Change(PresenceStore.Change.Kind.LEFT, departure.since()),
                        null);
            }
            if (beat.setAgain()) {
                setAgain();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A presence heartbeat failed", e); // a task that throws is never run again
        }
    }

    /** A leave the store did not hear: kept as a count of 0 with no timer, which {@link #setAgain} tells again. */
    private void untold(String scope, String user) {
        local.compute(scope, (name, members) -> {
            Map<String, Here> of = members == null ? new HashMap<>() : members;
            of.putIfAbsent(user, new Here());
            return of;
        });
    }

    /**
     * Tells the store every count of this node again, 0 for the leaves it did not hear (it had taken this node for
     * dead, or missed a change); other features' scopes hear of it as {@link PresenceStore.SetAgain}.
     */
    private void setAgain() {
        for (String scope : List.copyOf(local.keySet())) {
            List<String> users = new ArrayList<>();
            local.computeIfPresent(scope, (name, members) -> {
                members.forEach((user, here) -> {
                    if (here.connections > 0 || here.leaving == null) {
                        users.add(user);
                    }
                });
                return members;
            });
            users.forEach(user -> change(scope, user, count -> count, true));
        }
        toldAgain.fire(new PresenceStore.SetAgain());
    }

    private void announce(String scope, String user, PresenceStore.Change change, Throwable failure) {
        if (failure != null) {
            if (!(failure instanceof io.tidings.cluster.BusUnavailableException)) {
                LOG.log(Level.WARNING, "A presence change failed", failure);
            }
            return; // told again at the next heartbeat (the store logs its own unavailability, throttled)
        }
        try {
            switch (change.kind()) {
                case JOINED -> {
                    if (scope.equals(PresenceStore.ONLINE)) {
                        cameOnline.fire(new UserCameOnline(user, change.since()));
                    } else {
                        publishTo(scope, "join", member(new Member(user, 1, change.since())));
                    }
                }
                case LEFT -> {
                    if (scope.equals(PresenceStore.ONLINE)) {
                        wentOffline.fire(new UserWentOffline(user, change.since()));
                    } else {
                        publishTo(
                                scope,
                                "leave",
                                JSON.createObjectBuilder().add("user", user).build());
                    }
                }
                case NONE -> {}
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Announcing a presence change failed", e);
        }
    }

    @Override
    public List<String> framesFor(String channel, String subscriber) {
        if (!channel.startsWith(PRESENCE)) {
            return List.of();
        }
        JsonArrayBuilder list = JSON.createArrayBuilder();
        members(channel.substring(PRESENCE.length())).forEach(m -> list.add(member(m)));
        JsonObject data = JSON.createObjectBuilder().add("members", list).build();
        return List.of(EventFrame.serialize(channel, "members", data.toString(), 0, System.currentTimeMillis()));
    }

    public static JsonObject member(Member member) {
        return JSON.createObjectBuilder()
                .add("user", member.user())
                .add("connections", member.connections())
                .add("since", member.since())
                .build();
    }

    private void publishTo(String channel, String event, JsonObject data) {
        String presenceChannel = PRESENCE + channel;
        if (ChannelName.isValid(presenceChannel)) {
            publisher.submit(Publication.now(presenceChannel, event, data).with(PublishOptions.NONE.asEphemeral()));
        }
    }
}
