package io.tidings.messaging;

import java.util.Set;

/**
 * Where conversation members are kept: the gateway's own state, behind this seam so a store shared by every node
 * can replace the one in memory without touching the namespace.
 */
public interface ConversationStore {

    /** Sets the members; returns those who were members before and are not now. */
    Set<String> setMembers(String conversationId, Set<String> members);

    /** The members, empty when the conversation is unknown. */
    Set<String> members(String conversationId);

    /** Forgets the conversation; returns who its members were. */
    Set<String> remove(String conversationId);
}
