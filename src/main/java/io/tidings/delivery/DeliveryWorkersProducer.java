package io.tidings.delivery;

import io.tidings.metrics.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Starts this node's {@link DeliveryWorkers} ({@code tidings.delivery.threads}, 0: one per core) and stops them. */
@ApplicationScoped
public class DeliveryWorkersProducer {

    @Resource
    ManagedThreadFactory threads;

    @Produces
    @Singleton
    DeliveryWorkers workers(
            @ConfigProperty(name = "tidings.delivery.threads") int count,
            @ConfigProperty(name = "tidings.delivery.backlog") int backlog,
            Metrics metrics) {
        DeliveryWorkers workers = DeliveryWorkers.start(
                count > 0 ? count : Runtime.getRuntime().availableProcessors(), Math.max(1, backlog), threads);
        metrics.gauge("tidings.delivery.backlog", "fan-out tasks waiting for a delivery thread", workers::backlog);
        return workers;
    }

    void stop(@Disposes DeliveryWorkers workers) {
        workers.close();
    }
}
