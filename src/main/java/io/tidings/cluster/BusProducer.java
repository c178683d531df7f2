package io.tidings.cluster;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the bus from configuration: without {@code tidings.redis.url}, the {@link LocalBus} of one node. */
@ApplicationScoped
public class BusProducer {

    private static final Logger LOG = Logger.getLogger(BusProducer.class.getName());
    private static final long FORGET_IDLE_EVERY_SECONDS = 10;

    private Optional<String> redisUrl;
    private int historySize;
    private long historyTtlSeconds;
    private ScheduledFuture<?> forgetting;

    @Resource
    ManagedScheduledExecutorService scheduler;

    BusProducer() {}

    @Inject
    public BusProducer(
            @ConfigProperty(name = "tidings.redis.url") Optional<String> redisUrl,
            @ConfigProperty(name = "tidings.history.size") int historySize,
            @ConfigProperty(name = "tidings.history.ttl.seconds") long historyTtlSeconds) {
        this.redisUrl = redisUrl;
        this.historySize = historySize;
        this.historyTtlSeconds = historyTtlSeconds;
    }

    @Produces
    @ApplicationScoped
    Bus bus(BusHandler handler) {
        if (redisUrl.isPresent()) {
            // running on one node while the operator asked for many would split every channel silently
            throw new IllegalStateException("tidings.redis.url is set, but this version of Tidings has no Redis bus");
        }
        LocalBus bus = new LocalBus(handler, historySize, historyTtlSeconds);
        forgetting = scheduler.scheduleWithFixedDelay(
                () -> forgetIdle(bus), FORGET_IDLE_EVERY_SECONDS, FORGET_IDLE_EVERY_SECONDS, TimeUnit.SECONDS);
        return bus;
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
    }
}
