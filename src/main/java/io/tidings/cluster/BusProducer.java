package io.tidings.cluster;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the bus from configuration: with {@code tidings.redis.url}, the {@link RedisBus} of many nodes (its
 * connections closed at shutdown); without, the {@link LocalBus} of one node.
 */
@ApplicationScoped
public class BusProducer {

    private static final Logger LOG = Logger.getLogger(BusProducer.class.getName());
    private static final long FORGET_IDLE_EVERY_SECONDS = 10;

    private Optional<String> redisUrl;
    private String redisPrefix;
    private long redisTimeoutMillis;
    private long redisMetaTtlSeconds;
    private int redisPubSubConnections;
    private int redisWorkers;
    private int redisProbeSeconds;
    private String node;
    private int historySize;
    private long historyTtlSeconds;
    private ScheduledFuture<?> forgetting;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threads;

    BusProducer() {}

    @Inject
    public BusProducer(
            @ConfigProperty(name = "tidings.redis.url") Optional<String> redisUrl,
            @ConfigProperty(name = "tidings.redis.prefix") String redisPrefix,
            @ConfigProperty(name = "tidings.redis.timeout.millis") long redisTimeoutMillis,
            @ConfigProperty(name = "tidings.redis.meta.ttl.seconds") long redisMetaTtlSeconds,
            @ConfigProperty(name = "tidings.redis.pubsub.connections") int redisPubSubConnections,
            @ConfigProperty(name = "tidings.redis.workers") int redisWorkers,
            @ConfigProperty(name = "tidings.redis.probe.seconds") int redisProbeSeconds,
            @ConfigProperty(name = "tidings.node.name") Optional<String> node,
            @ConfigProperty(name = "tidings.history.size") int historySize,
            @ConfigProperty(name = "tidings.history.ttl.seconds") long historyTtlSeconds) {
        this.redisUrl = redisUrl.filter(url -> !url.isBlank());
        this.redisPrefix = redisPrefix;
        this.redisTimeoutMillis = redisTimeoutMillis;
        this.redisMetaTtlSeconds = redisMetaTtlSeconds;
        this.redisPubSubConnections = redisPubSubConnections;
        this.redisWorkers = redisWorkers;
        this.redisProbeSeconds = redisProbeSeconds;
        this.node = node.filter(name -> !name.isBlank()).orElseGet(BusProducer::defaultNodeName);
        this.historySize = historySize;
        this.historyTtlSeconds = historyTtlSeconds;
    }

    @Inject
    Event<NodeMessage> nodeMessageEvents;

    /** The host's name and this process's id: unique among the nodes of a deployment, and says where each runs. */
    private static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Produces
    @ApplicationScoped
    NodeMessages nodeMessages(Bus bus) {
        return bus.nodeMessages().orElseGet(() -> new LocalNodeMessages(node, this::handle));
    }

    /** Hands a node message to its observers (on this bean, not its proxy: it is called from the bus's threads). */
    private void handle(NodeMessage message) {
        nodeMessageEvents.fire(message);
    }

    @Produces
    @ApplicationScoped
    Bus bus(BusHandler handler) {
        if (redisUrl.isPresent()) {
            return redisBus(handler, redisUrl.get());
        }
        LocalBus bus = new LocalBus(handler, historySize, historyTtlSeconds);
        forgetting = scheduler.scheduleWithFixedDelay(
                () -> forgetIdle(bus), FORGET_IDLE_EVERY_SECONDS, FORGET_IDLE_EVERY_SECONDS, TimeUnit.SECONDS);
        return bus;
    }

    private Bus redisBus(BusHandler handler, String url) {
        RedisBusSettings settings = new RedisBusSettings(
                url,
                redisPrefix,
                Duration.ofMillis(redisTimeoutMillis),
                historySize,
                historyTtlSeconds,
                redisMetaTtlSeconds,
                redisPubSubConnections,
                redisWorkers,
                redisProbeSeconds);
        try {
            return new RedisBus(handler, this::handle, node, settings, threads);
        } catch (IllegalArgumentException e) {
            // falling back to one node while the operator asked for many would split every channel silently
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void forgetIdle(LocalBus bus) {
        try {
            bus.forgetIdle();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Forgetting idle channels failed", e); // a thrown task would not run again
        }
    }

    void close(@Disposes Bus bus) {
        if (forgetting != null) {
            forgetting.cancel(false);
        }
        if (bus instanceof RedisBus redis) {
            redis.close();
        }
    }
}
