package io.tidings.gateway;

import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import io.tidings.session.SessionRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's connections of each user, in Redis: each node keeps its count per user there, written again every
 * third of {@code tidings.presence.ttl.seconds} ({@link #refresh}), so a node that dies stops counting within that
 * time. While Redis cannot be reached, this node's own count decides (the node is not ready meanwhile anyway).
 */
final class RedisUserConnections implements UserConnections {

    private static final Logger LOG = Logger.getLogger(RedisUserConnections.class.getName());
    private static final RedisScript COUNT = RedisScript.named(RedisUserConnections.class, "user-connections.lua");

    private final RedisStore redis;
    private final String node;
    private final long ttlMillis;
    private final SessionRegistry registry;

    RedisUserConnections(RedisStore redis, String node, long ttlMillis, SessionRegistry registry) {
        this.redis = redis;
        this.node = node;
        this.ttlMillis = ttlMillis;
        this.registry = registry;
    }

    @Override
    public boolean tryAdd(String user, int limit) {
        try {
            return (Long) run(user, "add", limit).get(0) == 1;
        } catch (BusUnavailableException e) {
            return registry.connectionsOf(user).size() < limit;
        }
    }

    @Override
    public void removed(String user) {
        try {
            run(user, "remove", 0);
        } catch (BusUnavailableException e) {
            LOG.log(Level.FINE, "A closed connection was not counted out; the next refresh corrects it", e);
        }
    }

    /** Writes this node's count of every user connected here again, so that it keeps counting. */
    void refresh() {
        for (var user : registry.usersWithConnections()) {
            try {
                run(user, "set", registry.connectionsOf(user).size());
            } catch (BusUnavailableException e) {
                LOG.log(Level.FINE, "Refreshing the connection counts stopped: Redis cannot be reached", e);
                return;
            }
        }
    }

    private java.util.List<Object> run(String user, String action, int number) {
        return redis.run(
                COUNT,
                new String[] {redis.key("user:" + user, "connections")},
                action,
                node,
                Long.toString(ttlMillis),
                Integer.toString(number));
    }
}
