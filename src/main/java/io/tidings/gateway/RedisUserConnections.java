package io.tidings.gateway;

import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import io.tidings.limits.ThrottledLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's connections of each user, in Redis: each node keeps its count per user there, written again every
 * third of {@code tidings.presence.ttl.seconds} ({@link #refresh}), so a node that dies stops counting within that
 * time. While Redis cannot be reached, this node's own count decides (the node is not ready meanwhile anyway), and
 * the next refresh writes it. This node's count of a user changes in Redis and here under one lock, so a refresh
 * never writes a count older than one Redis already has.
 */
final class RedisUserConnections implements UserConnections {

    private static final Logger LOG = Logger.getLogger(RedisUserConnections.class.getName());
    private static final RedisScript COUNT = RedisScript.named(RedisUserConnections.class, "user-connections.lua");

    private final RedisStore redis;
    private final String node;
    private final long ttlMillis;
    private final ThrottledLog alone = new ThrottledLog(
            LOG, "Redis did not answer: the per-user connection limit counts this node's connections only");

    /** This node's connections of each user that has one, as counted by {@link #tryAdd} and {@link #removed}. */
    private final Map<String, Integer> counted = new ConcurrentHashMap<>();

    private final Object[] locks = new Object[64];

    RedisUserConnections(RedisStore redis, String node, long ttlMillis) {
        if (ttlMillis <= 0) {
            // a count written with no time to live would take every node's counts of the user out of Redis
            throw new IllegalArgumentException("the connection counts need a time to live, not " + ttlMillis + " ms");
        }
        this.redis = redis;
        this.node = node;
        this.ttlMillis = ttlMillis;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public boolean tryAdd(String user, int limit) {
        synchronized (lockOf(user)) {
            boolean room;
            try {
                room = (Long) run(user, "add", limit).get(0) == 1;
            } catch (BusUnavailableException e) {
                alone.note(e);
                room = counted.getOrDefault(user, 0) < limit;
            }
            if (room) {
                counted.merge(user, 1, Integer::sum);
            }
            return room;
        }
    }

    @Override
    public void removed(String user) {
        synchronized (lockOf(user)) {
            counted.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null);
            try {
                run(user, "remove", 0);
            } catch (BusUnavailableException e) {
                LOG.log(Level.FINE, "A closed connection was not counted out; the next refresh corrects it", e);
            }
        }
    }

    /** Writes this node's count of every user connected here again, so that it keeps counting. */
    void refresh() {
        for (String user : List.copyOf(counted.keySet())) {
            synchronized (lockOf(user)) {
                try {
                    run(user, "set", counted.getOrDefault(user, 0));
                } catch (BusUnavailableException e) {
                    LOG.log(Level.FINE, "Refreshing the connection counts stopped: Redis cannot be reached", e);
                    return;
                }
            }
        }
    }

    private Object lockOf(String user) {
        return locks[Math.floorMod(user.hashCode(), locks.length)];
    }

    private List<Object> run(String user, String action, int number) {
        return redis.run(
                COUNT,
                new String[] {redis.key("user:" + user, "connections")},
                action,
                node,
                Long.toString(ttlMillis),
                Integer.toString(number));
    }
}
