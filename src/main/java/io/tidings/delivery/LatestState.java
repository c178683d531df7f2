package io.tidings.delivery;

import io.tidings.cluster.Bus;
import io.tidings.cluster.Entry;
import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.protocol.EventFrame;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest state of channels, for new subscribers (right after {@code subscribed}, as an {@code event} frame
 * without offset): for channels under the prefixes of {@code tidings.state.channels}, the last event published; for
 * any channel, what domain code set with {@link ChannelStateChanged} (which then replaces the automatic one).
 * At most {@code tidings.state.channels.max} channels are kept, the least recently changed forgotten first. With the
 * Redis bus every node serves the same state: the last event is the channel's latest kept in Redis
 * ({@link Bus#latest}), and what domain code set is kept in Redis for {@value #DOMAIN_STATE_SECONDS} seconds; the
 * channels that have a state are kept in a shared index, so that any node can list them ({@link #latestUnder}).
 */
@ApplicationScoped
public class LatestState implements ChannelState {

    private static final Logger LOG = Logger.getLogger(LatestState.class.getName());
    private static final RedisScript STATE = RedisScript.named(LatestState.class, "state.lua");
    private static final RedisScript INDEX = RedisScript.named(LatestState.class, "state-index.lua");
    /** With Redis: how often a node says again that a channel it publishes to has a state. */
    static final long INDEX_REFRESH_MILLIS = 60_000;
    /** With Redis: how long a listing of the channels under a prefix is reused on a node. */
    static final long LISTING_MILLIS = 1000;

    /** 30 days. */
    static final long DOMAIN_STATE_SECONDS = 30L * 24 * 3600;

    @Inject
    Publisher publisher;

    @Inject
    Bus bus;

    @Inject
    @ConfigProperty(name = "tidings.state.channels")
    String prefixes;

    @Inject
    @ConfigProperty(name = "tidings.state.channels.max")
    int maxChannels;

    private List<String> kept;
    private Map<String, String> frames;
    private final Set<String> setByDomain = new HashSet<>();
    /** With Redis: when this node last added each channel to the shared index (bounded like the frames). */
    private Map<String, Long> indexedAt;

    private volatile Listing listing;

    private record Listing(String prefix, long at, Map<String, String> frames) {}
    /** The Redis of the bus, when the state is the cluster's; empty on one node. */
    private Optional<RedisStore> shared;

    @PostConstruct
    void configure() {
        shared = bus.store();
        kept = Arrays.stream(prefixes.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
        frames = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                boolean full = size() > Math.max(1, maxChannels); // 0 or less would forget each at once
                if (full) {
                    setByDomain.remove(eldest.getKey());
                }
                return full;
            }
        };
        indexedAt = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > Math.max(1, maxChannels);
            }
        };
    }

    void published(@Observes PublicationAccepted publication) {
        String channel = publication.channel();
        if (publication.ephemeral() || !kept(channel)) {
            return;
        }
        if (shared.isPresent()) {
            index(shared.get(), channel); // the channel's history keeps its last event
            return;
        }
        String frame = EventFrame.serialize(
                channel, publication.event(), publication.data().toString(), 0, System.currentTimeMillis());
        synchronized (this) {
            if (!setByDomain.contains(channel)) {
                frames.remove(channel); // re-inserted last: the most recently changed
                frames.put(channel, frame);
            }
        }
    }

    private boolean kept(String channel) {
        for (String prefix : kept) { // on every publication: no stream
            if (channel.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException for an unknown channel, a bad event name or data that is not valid text */
    void changed(@Observes ChannelStateChanged state) {
        publisher.checkChannelAndEvent(state.channel(), state.event());
        Publisher.checkBuiltData(state.data());
        String frame = EventFrame.serialize(
                state.channel(), state.event(), state.data().toString(), 0, System.currentTimeMillis());
        if (shared.isPresent()) {
            RedisStore redis = shared.get();
            redis.run(STATE, stateKey(redis, state.channel()), "set", frame, Long.toString(DOMAIN_STATE_SECONDS));
            index(redis, state.channel());
            return;
        }
        synchronized (this) {
            frames.remove(state.channel());
            frames.put(state.channel(), frame);
            setByDomain.add(state.channel());
        }
    }

    /**
     * Adds the channel to the shared index of channels with a state, at most once per {@value #INDEX_REFRESH_MILLIS}
     * ms per channel on this node (its entries older than {@value #DOMAIN_STATE_SECONDS} seconds are dropped). A
     * failure is not the publisher's: the next publication tries again.
     */
    private void index(RedisStore redis, String channel) {
        long now = System.currentTimeMillis();
        synchronized (indexedAt) {
            Long last = indexedAt.get(channel);
            if (last != null && now - last < INDEX_REFRESH_MILLIS) {
                return;
            }
            indexedAt.put(channel, now);
        }
        try {
            redis.run(
                    INDEX,
                    indexKey(redis),
                    "add",
                    channel,
                    Long.toString(now / 1000),
                    Integer.toString(Math.max(1, maxChannels)));
        } catch (RuntimeException e) {
            synchronized (indexedAt) {
                indexedAt.remove(channel);
            }
            LOG.log(Level.FINE, "Indexing the state of a channel failed; the next publication tries again", e);
        }
    }

    /**
     * The state of every channel under {@code prefix} that has one, by channel (its {@code event} frame without
     * offset), for a dialect that answers a request for all of them (the trading game's {@code get_all_tokens}).
     * With the Redis bus, the channels come from a shared index and each one's state from Redis, the listing reused
     * on this node for {@value #LISTING_MILLIS} ms.
     *
     * @throws io.tidings.cluster.BusUnavailableException when the state is in Redis and Redis cannot be reached
     */
    public Map<String, String> latestUnder(String prefix) {
        if (shared.isPresent()) {
            return sharedUnder(shared.get(), prefix);
        }
        Map<String, String> under = new TreeMap<>();
        synchronized (this) {
            frames.forEach((channel, frame) -> {
                if (channel.startsWith(prefix)) {
                    under.put(channel, frame);
                }
            });
        }
        return under;
    }

    /** @throws io.tidings.cluster.BusUnavailableException when the state is in Redis and Redis cannot be reached */
    @Override
    public List<String> framesFor(String channel, String user) {
        if (shared.isPresent()) {
            return sharedFrameFor(shared.get(), channel);
        }
        synchronized (this) {
            String frame = frames.get(channel);
            return frame == null ? List.of() : List.of(frame);
        }
    }

    private Map<String, String> sharedUnder(RedisStore redis, String prefix) {
        long now = System.currentTimeMillis();
        Listing last = listing;
        if (last != null && last.prefix().equals(prefix) && now - last.at() < LISTING_MILLIS) {
            return last.frames();
        }
        long oldest = now / 1000 - DOMAIN_STATE_SECONDS;
        Map<String, String> under = new TreeMap<>();
        for (Object channel : redis.run(INDEX, indexKey(redis), "list", prefix, Long.toString(oldest))) {
            sharedFrameFor(redis, (String) channel).forEach(frame -> under.put((String) channel, frame));
        }
        Map<String, String> frames = Collections.unmodifiableMap(under);
        listing = new Listing(prefix, now, frames);
        return frames;
    }

    private static String[] indexKey(RedisStore redis) {
        return new String[] {redis.key("state", "channels")};
    }

    private List<String> sharedFrameFor(RedisStore redis, String channel) {
        List<Object> set = redis.run(STATE, stateKey(redis, channel), "get");
        if (!set.isEmpty()) {
            return List.of((String) set.get(0));
        }
        if (!kept(channel)) {
            return List.of();
        }
        return bus
                .latest(channel)
                .map(Entry::message)
                .map(last -> EventFrame.serialize(channel, last.event(), last.data(), 0, last.ts()))
                .stream()
                .toList();
    }

    private static String[] stateKey(RedisStore redis, String channel) {
        return new String[] {redis.key(channel, "state")};
    }
}
