package io.tidings.notifications;

import io.tidings.cluster.Bus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses where unread counts are kept: in Redis with the Redis bus (shared by every node), else in memory. */
@ApplicationScoped
public class UnreadCountsStores {

    @Produces
    @ApplicationScoped
    UnreadCounts counts(
            Bus bus,
            @ConfigProperty(name = "tidings.notifications.unread.max") int maxPerUser,
            @ConfigProperty(name = "tidings.notifications.users.max") int maxUsers) {
        return bus.store()
                .<UnreadCounts>map(redis -> new RedisUnreadCounts(redis, maxPerUser))
                .orElseGet(() -> new LocalUnreadCounts(maxPerUser, maxUsers));
    }
}
