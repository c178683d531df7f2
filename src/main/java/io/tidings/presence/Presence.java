package io.tidings.presence;

import io.tidings.channel.ChannelName;
import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.FirstConnectionOpened;
import io.tidings.lifecycle.LastConnectionClosed;
import io.tidings.lifecycle.Subscribed;
import io.tidings.lifecycle.Unsubscribed;
import io.tidings.protocol.EventFrame;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Presence on this node, from the lifecycle events. A user joins a channel with the first of its connections to
 * subscribe and leaves {@code tidings.presence.grace.seconds} after the last one unsubscribed, unless one subscribed
 * again meanwhile; {@code presence:{channel}} gets ephemeral {@code join} ({@link Member}) and {@code leave}
 * ({@code {user}}) events, and a new subscriber of it gets {@code members} ({@code {members: [...]}}) first.
 * Anonymous connections are not members. A user is online from its first connection and offline the grace period
 * after its last ({@link UserCameOnline}, {@link UserWentOffline}).
 */
@ApplicationScoped
public class Presence implements ChannelState {

    private static final Logger LOG = Logger.getLogger(Presence.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final String PRESENCE = "presence:";

    private static final class Here {
        int connections;
        final long since;
        ScheduledFuture<?> leaving;

        Here(long since) {
            this.since = since;
        }
    }

    private final ConcurrentHashMap<String, Map<String, Here>> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Here> online = new ConcurrentHashMap<>();

    @Inject
    Publisher publisher;

    @Inject
    SessionRegistry registry;

    @Inject
    Event<UserCameOnline> cameOnline;

    @Inject
    Event<UserWentOffline> wentOffline;

    @Inject
    @ConfigProperty(name = "tidings.presence.grace.seconds")
    int graceSeconds;

    @Inject
    @ConfigProperty(name = "tidings.presence.channels")
    Optional<String> channelPrefixes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private List<String> tracked;

    @PostConstruct
    void configure() {
        tracked = channelPrefixes
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** Whether this channel keeps presence: every channel but presence channels, or the configured prefixes. */
    public boolean keepsPresence(String channel) {
        return !channel.startsWith(PRESENCE)
                && (tracked.isEmpty() || tracked.stream().anyMatch(channel::startsWith));
    }

    /** The channel's members, in no particular order. */
    public List<Member> members(String channel) {
        List<Member> members = new ArrayList<>();
        channels.computeIfPresent(channel, (name, here) -> {
            here.forEach((user, h) -> members.add(new Member(user, h.connections, h.since)));
            return here;
        });
        return members;
    }

    /** The user's presence on this node: online since when, with how many connections; empty when offline. */
    public Optional<Member> user(String user) {
        Here here = online.get(user);
        return here == null
                ? Optional.empty()
                : Optional.of(new Member(user, registry.connectionsOf(user).size(), here.since));
    }

    void subscribed(@Observes Subscribed subscribed) {
        String user = subscribed.user();
        String channel = subscribed.channel();
        if (user == null || !keepsPresence(channel)) {
            return;
        }
        Here[] joined = {null};
        channels.compute(channel, (name, members) -> {
            Map<String, Here> of = members == null ? new HashMap<>() : members;
            Here here = of.get(user);
            if (here == null) {
                here = new Here(System.currentTimeMillis());
                of.put(user, here);
                joined[0] = here;
            } else if (here.leaving != null) {
                here.leaving.cancel(false); // back within the grace period: no leave, no join
                here.leaving = null;
            }
            here.connections++;
            return of;
        });
        if (joined[0] != null) {
            announce(channel, "join", member(new Member(user, 1, joined[0].since)));
        }
    }

    void unsubscribed(@Observes Unsubscribed unsubscribed) {
        String user = unsubscribed.user();
        String channel = unsubscribed.channel();
        if (user == null || !keepsPresence(channel)) {
            return;
        }
        channels.computeIfPresent(channel, (name, members) -> {
            Here here = members.get(user);
            if (here != null && --here.connections == 0) {
                here.leaving = scheduler.schedule(() -> leave(channel, user, here), graceSeconds, TimeUnit.SECONDS);
            }
            return members;
        });
    }

    private void leave(String channel, String user, Here leaving) {
        try {
            boolean[] left = {false};
            channels.computeIfPresent(channel, (name, members) -> {
                if (members.get(user) == leaving && leaving.connections == 0) {
                    members.remove(user);
                    left[0] = true;
                }
                return members.isEmpty() ? null : members;
            });
            if (left[0]) {
                announce(
                        channel,
                        "leave",
                        JSON.createObjectBuilder().add("user", user).build());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Announcing a leave failed", e);
        }
    }

    void firstConnection(@Observes FirstConnectionOpened opened) {
        Here[] came = {null};
        online.compute(opened.user(), (user, here) -> {
            if (here == null) {
                came[0] = new Here(System.currentTimeMillis());
                return came[0];
            }
            if (here.leaving != null) {
                here.leaving.cancel(false);
                here.leaving = null;
            }
            return here;
        });
        if (came[0] != null) {
            cameOnline.fire(new UserCameOnline(opened.user(), came[0].since));
        }
    }

    void lastConnection(@Observes LastConnectionClosed closed) {
        online.computeIfPresent(closed.user(), (user, here) -> {
            here.leaving = scheduler.schedule(() -> offline(user, here), graceSeconds, TimeUnit.SECONDS);
            return here;
        });
    }

    private void offline(String user, Here leaving) {
        try {
            if (!registry.connectionsOf(user).isEmpty()) {
                return; // connected again while the last close was being told: still online
            }
            if (online.remove(user, leaving)) {
                wentOffline.fire(new UserWentOffline(user, leaving.since));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Announcing a user offline failed", e);
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

    private void announce(String channel, String event, JsonObject data) {
        String presenceChannel = PRESENCE + channel;
        if (ChannelName.isValid(presenceChannel)) {
            publisher.submit(Publication.now(presenceChannel, event, data).with(PublishOptions.NONE.asEphemeral()));
        }
    }
}
