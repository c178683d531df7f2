package io.tidings.messaging;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Members in this node's memory, for a single node: at most {@code tidings.messaging.conversations.max}
 * conversations and {@code tidings.messaging.members.max} memberships in all (about 60 bytes of heap each).
 */
public class LocalConversationStore implements ConversationStore {

    private final ConcurrentHashMap<String, Set<String>> conversations = new ConcurrentHashMap<>();
    private int maxConversations;
    private long maxMemberships;
    /** Members of every conversation, counted; changed under this store's monitor. */
    private long memberships;

    public LocalConversationStore(int maxConversations, long maxMemberships) {
        this.maxConversations = maxConversations;
        this.maxMemberships = maxMemberships;
    }

    /** @throws IllegalStateException when a new conversation, or the members, would pass a limit */
    @Override
    public synchronized Set<String> setMembers(String conversationId, Set<String> members) {
        Set<String> current = conversations.get(conversationId);
        if (current == null && conversations.size() >= maxConversations) {
            throw new IllegalStateException("at most " + maxConversations + " conversations");
        }
        long after = memberships - (current == null ? 0 : current.size()) + members.size();
        if (after > maxMemberships && members.size() > (current == null ? 0 : current.size())) {
            throw new IllegalStateException("at most " + maxMemberships + " members in all conversations");
        }
        Set<String> before = conversations.put(conversationId, Set.copyOf(members));
        memberships = after;
        Set<String> removed = new HashSet<>(before == null ? Set.of() : before);
        removed.removeAll(members);
        return removed;
    }

    @Override
    public Set<String> members(String conversationId) {
        return conversations.getOrDefault(conversationId, Set.of());
    }

    @Override
    public synchronized Set<String> remove(String conversationId) {
        Set<String> members = conversations.remove(conversationId);
        if (members == null) {
            return Set.of();
        }
        memberships -= members.size();
        return members;
    }
}
