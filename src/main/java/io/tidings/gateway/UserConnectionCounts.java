package io.tidings.gateway;

import io.tidings.cluster.Bus;
import io.tidings.cluster.NodeMessages;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses how a user's connections are counted for the per-user limit: on every node with the Redis bus (this node's
 * counts written again every third of {@code tidings.presence.ttl.seconds}), else on this node; and counts each
 * closed connection out, off the closing thread.
 */
@ApplicationScoped
public class UserConnectionCounts {

    private Bus bus;
    private NodeMessages nodes;
    private SessionRegistry registry;
    private int ttlSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    private ScheduledFuture<?> refreshing;

    UserConnectionCounts() {}

    /**
     * Its settings come through its constructor: a producer's bean read with field injection once saw a TTL of 0 on
     * WildFly, and a count written with no time to live takes every node's counts of the user out of Redis.
     */
    @Inject
    public UserConnectionCounts(
            Bus bus,
            NodeMessages nodes,
            SessionRegistry registry,
            @ConfigProperty(name = "tidings.presence.ttl.seconds") int ttlSeconds) {
        this.bus = bus;
        this.nodes = nodes;
        this.registry = registry;
        this.ttlSeconds = ttlSeconds;
    }

    /** Counts from the start, on a deployment thread, rather than from the first connection's. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context, UserConnections counts) {
        counts.getClass(); // resolves the producer now
    }

    @Produces
    @ApplicationScoped
    UserConnections counts() {
        return bus.store()
                .<UserConnections>map(redis -> {
                    RedisUserConnections shared = new RedisUserConnections(redis, nodes.node(), ttlSeconds * 1000L);
                    long every = Math.max(1, ttlSeconds * 1000L / 3);
                    refreshing =
                            scheduler.scheduleAtFixedRate(() -> refresh(shared), every, every, TimeUnit.MILLISECONDS);
                    return shared;
                })
                .orElseGet(() -> new LocalUserConnections(registry));
    }

    private static void refresh(RedisUserConnections shared) {
        try {
            shared.refresh();
        } catch (RuntimeException e) {
            // a task that throws is never run again
            java.util.logging.Logger.getLogger(UserConnectionCounts.class.getName())
                    .log(java.util.logging.Level.WARNING, "Refreshing the connection counts failed", e);
        }
    }

    void closed(@Observes ConnectionClosed closed, UserConnections counts) {
        if (closed.user() != null && bus.store().isPresent()) {
            executor.execute(() -> counts.removed(closed.user()));
        }
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
    }

    /** On one node: the registry's own count. */
    private record LocalUserConnections(SessionRegistry registry) implements UserConnections {

        @Override
        public boolean tryAdd(String user, int limit) {
            return registry.connectionsOf(user).size() < limit;
        }

        @Override
        public void removed(String user) {}
    }
}
