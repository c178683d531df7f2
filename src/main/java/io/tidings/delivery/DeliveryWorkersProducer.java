package io.tidings.delivery;

import io.tidings.metrics.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts this node's {@link DeliveryWorkers} ({@code tidings.delivery.threads}, 0: one per core; {@code
 * tidings.delivery.write.delay.millis}, at most {@link #MAX_WRITE_DELAY_MILLIS}) and stops them.
 */
@ApplicationScoped
public class DeliveryWorkersProducer {

    /** The longest write delay taken: a delivery held back longer would no longer be live. */
    static final int MAX_WRITE_DELAY_MILLIS = 1000;

    @Resource
    ManagedThreadFactory threads;

    @Produces
    @Singleton
    DeliveryWorkers workers(
            @ConfigProperty(name = "tidings.delivery.threads") int count,
            @ConfigProperty(name = "tidings.delivery.backlog") int backlog,
            @ConfigProperty(name = "tidings.delivery.write.delay.millis") int writeDelayMillis,
            Metrics metrics) {
        DeliveryWorkers workers = DeliveryWorkers.start(
                count > 0 ? count : Runtime.getRuntime().availableProcessors(),
                Math.max(1, backlog),
                TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(0, writeDelayMillis), MAX_WRITE_DELAY_MILLIS)),
                threads);
        metrics.gauge("tidings.delivery.backlog", "fan-out tasks waiting for a delivery thread", workers::backlog);
        return workers;
    }

    void stop(@Disposes DeliveryWorkers workers) {
        workers.close();
    }
}
