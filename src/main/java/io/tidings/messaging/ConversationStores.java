package io.tidings.messaging;

import io.tidings.cluster.Bus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses where members are kept: in Redis with the Redis bus (shared by every node), else in this node's memory. */
@ApplicationScoped
public class ConversationStores {

    @Produces
    @ApplicationScoped
    ConversationStore store(
            Bus bus,
            @ConfigProperty(name = "tidings.messaging.conversations.max") int maxConversations,
            @ConfigProperty(name = "tidings.messaging.members.max") long maxMemberships) {
        return bus.store()
                .<ConversationStore>map(RedisConversationStore::new)
                .orElseGet(() -> new LocalConversationStore(maxConversations, maxMemberships));
    }
}
