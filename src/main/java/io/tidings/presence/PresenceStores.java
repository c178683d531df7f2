package io.tidings.presence;

import io.tidings.cluster.Bus;
import io.tidings.cluster.NodeMessages;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses where presence is kept: in Redis with the Redis bus (every node's connections; changes written by a few
 * threads of this node's, each scope and user always by the same one), else in this node's memory.
 */
@ApplicationScoped
public class PresenceStores {

    private static final int WRITERS = 4;

    private Bus bus;
    private NodeMessages nodes;
    private int ttlSeconds;

    @Resource
    ManagedThreadFactory threads;

    PresenceStores() {}

    /** Its settings come through its constructor (see {@code gateway.UserConnectionCounts} for why). */
    @Inject
    public PresenceStores(
            Bus bus, NodeMessages nodes, @ConfigProperty(name = "tidings.presence.ttl.seconds") int ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("tidings.presence.ttl.seconds must be positive, not " + ttlSeconds);
        }
        this.bus = bus;
        this.nodes = nodes;
        this.ttlSeconds = ttlSeconds;
    }

    private final List<ExecutorService> writers = new ArrayList<>();

    @Produces
    @ApplicationScoped
    PresenceStore store() {
        return bus.store()
                .<PresenceStore>map(redis -> {
                    for (int i = 0; i < WRITERS; i++) {
                        writers.add(Executors.newSingleThreadExecutor(threads));
                    }
                    return new RedisPresenceStore(
                            redis,
                            nodes.node(),
                            ttlSeconds * 1000L,
                            key -> writers.get(Math.floorMod(key.hashCode(), writers.size())));
                })
                .orElseGet(LocalPresenceStore::new);
    }

    /** How often each node says it is alive: a third of the TTL. */
    long heartbeatMillis() {
        return Math.max(1, ttlSeconds * 1000L / 3);
    }

    @PreDestroy
    void stop() {
        writers.forEach(ExecutorService::shutdownNow);
    }
}
