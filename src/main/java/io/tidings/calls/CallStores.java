package io.tidings.calls;

import io.tidings.cluster.Bus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses where calls are kept: in Redis with the Redis bus (every node's), else in this node's memory. */
@ApplicationScoped
public class CallStores {

    @Produces
    @ApplicationScoped
    CallStore store(
            Bus bus,
            @ConfigProperty(name = "tidings.calls.max") int maxCalls,
            @ConfigProperty(name = "tidings.calls.per.user") int perUser,
            @ConfigProperty(name = "tidings.calls.ringing.per.user") int ringingPerUser,
            @ConfigProperty(name = "tidings.calls.rings.per.minute") int ringsPerMinute) {
        CallStore.CallLimits limits = new CallStore.CallLimits(maxCalls, perUser, ringingPerUser, ringsPerMinute);
        return bus.store()
                .<CallStore>map(redis -> new RedisCallStore(redis, limits))
                .orElseGet(() -> new LocalCallStore(limits));
    }
}
