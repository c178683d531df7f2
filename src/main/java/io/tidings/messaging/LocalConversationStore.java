package io.tidings.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Members in this node's memory, for a single node: at most {@code tidings.messaging.conversations.max}. */
@ApplicationScoped
public class LocalConversationStore implements ConversationStore {

    private final ConcurrentHashMap<String, Set<String>> conversations = new ConcurrentHashMap<>();
    private int maxConversations;

    LocalConversationStore() {}

    @Inject
    public LocalConversationStore(@ConfigProperty(name = "tidings.messaging.conversations.max") int maxConversations) {
        this.maxConversations = maxConversations;
    }

    /** @throws IllegalStateException when a new conversation would pass the limit */
    @Override
    public Set<String> setMembers(String conversationId, Set<String> members) {
        if (!conversations.containsKey(conversationId) && conversations.size() >= maxConversations) {
            throw new IllegalStateException("at most " + maxConversations + " conversations");
        }
        Set<String> before = conversations.put(conversationId, Set.copyOf(members));
        Set<String> removed = new HashSet<>(before == null ? Set.of() : before);
        removed.removeAll(members);
        return removed;
    }

    @Override
    public Set<String> members(String conversationId) {
        return conversations.getOrDefault(conversationId, Set.of());
    }

    @Override
    public Set<String> remove(String conversationId) {
        Set<String> members = conversations.remove(conversationId);
        return members == null ? Set.of() : members;
    }
}
