package io.tidings.messaging;

import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Members in Redis, shared by every node (with the Redis bus): one set per conversation. Each node answers from a
 * copy in memory that it loads on first use and forgets when the members change anywhere ({@link #forget}, on a node
 * message from the node that changed them), so checking a subscribe or a message costs no Redis call.
 */
public final class RedisConversationStore implements ConversationStore {

    private static final RedisScript SET_MEMBERS = RedisScript.named(RedisConversationStore.class, "set-members.lua");
    private static final RedisScript REMOVE =
            RedisScript.named(RedisConversationStore.class, "remove-conversation.lua");
    private static final RedisScript MEMBERS = RedisScript.named(RedisConversationStore.class, "members.lua");

    /** Memberships a node keeps in memory at most (about 60 bytes each); past it, it forgets them and loads again. */
    static final int MAX_KEPT_MEMBERS = 1_000_000;

    private final RedisStore redis;
    private final Map<String, Set<String>> kept = new ConcurrentHashMap<>();
    /**
     * Counts what was forgotten: a copy loaded while something was forgotten is not kept, as it may be older than
     * the change that made it be forgotten.
     */
    private final AtomicLong forgets = new AtomicLong();

    private final AtomicLong keptMembers = new AtomicLong();

    public RedisConversationStore(RedisStore redis) {
        this.redis = redis;
    }

    @Override
    public Set<String> setMembers(String conversationId, Set<String> members) {
        try {
            return strings(redis.run(SET_MEMBERS, keys(conversationId), members.toArray(String[]::new)));
        } finally {
            forget(conversationId); // also when the answer did not come: the change may have been made
        }
    }

    /** @throws io.tidings.cluster.BusUnavailableException when Redis cannot be reached and no copy is kept */
    @Override
    public Set<String> members(String conversationId) {
        Set<String> copy = kept.get(conversationId);
        if (copy != null) {
            return copy;
        }
        long before = forgets.get();
        Set<String> loaded = Set.copyOf(strings(redis.run(MEMBERS, keys(conversationId))));
        if (loaded.isEmpty()) {
            return loaded; // unknown: not kept, so made-up ids cannot fill the memory
        }
        if (keptMembers.get() + loaded.size() > MAX_KEPT_MEMBERS) {
            forgetAll();
            return loaded;
        }
        // kept only if nothing was forgotten since the read: a copy older than a change must not outlive it
        kept.compute(conversationId, (id, current) -> {
            if (current != null || forgets.get() != before) {
                return current;
            }
            keptMembers.addAndGet(loaded.size());
            return loaded;
        });
        return loaded;
    }

    @Override
    public Set<String> remove(String conversationId) {
        try {
            return strings(redis.run(REMOVE, keys(conversationId)));
        } finally {
            forget(conversationId);
        }
    }

    @Override
    public void forget(String conversationId) {
        forgets.incrementAndGet();
        kept.computeIfPresent(conversationId, (id, members) -> {
            keptMembers.addAndGet(-members.size());
            return null;
        });
    }

    @Override
    public void forgetAll() {
        forgets.incrementAndGet();
        kept.keySet().forEach(this::forget);
    }

    private String[] keys(String conversationId) {
        return new String[] {redis.key(Conversations.channel(conversationId), "members")};
    }

    private static Set<String> strings(List<Object> answer) {
        Set<String> values = new HashSet<>();
        for (Object value : answer) {
            values.add((String) value);
        }
        return values;
    }
}
