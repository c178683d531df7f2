package io.tidings.messaging;

import java.util.Set;

/**
 * Where conversation members are kept: the gateway's own state, in memory on one node
 * ({@link LocalConversationStore}), in Redis with the Redis bus ({@link RedisConversationStore}); chosen by
 * {@link ConversationStores}.
 */
public interface ConversationStore {

    /** Sets the members; returns those who were members before and are not now. */
    Set<String> setMembers(String conversationId, Set<String> members);

    /** The members, empty when the conversation is unknown. */
    Set<String> members(String conversationId);

    /** Forgets the conversation; returns who its members were. */
    Set<String> remove(String conversationId);

    /** The members changed on another node: a copy of them kept here is out of date. */
    default void forget(String conversationId) {}

    /** This node may have missed changes: every copy kept here is out of date. */
    default void forgetAll() {}
}
