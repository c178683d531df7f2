package io.tidings.notifications;

import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;

/**
 * Unread notifications in Redis, shared by every node (with the Redis bus), so every tab of a user agrees whichever
 * node it is on: at most {@code tidings.notifications.unread.max} ids per user (past it the oldest is forgotten), a
 * user's ids forgotten after {@value #KEPT_SECONDS} seconds without a change.
 */
public final class RedisUnreadCounts implements UnreadCounts {

    private static final RedisScript UNREAD = RedisScript.named(RedisUnreadCounts.class, "unread.lua");

    /** 30 days. */
    static final long KEPT_SECONDS = 30L * 24 * 3600;

    private final RedisStore redis;
    private final int maxPerUser;

    public RedisUnreadCounts(RedisStore redis, int maxPerUser) {
        this.redis = redis;
        this.maxPerUser = maxPerUser;
    }

    @Override
    public int added(String user, String notificationId) {
        return run(user, "add", notificationId);
    }

    @Override
    public int read(String user, String notificationId) {
        return run(user, "read", notificationId);
    }

    @Override
    public int readAll(String user) {
        return run(user, "all", "");
    }

    @Override
    public int count(String user) {
        return run(user, "count", "");
    }

    /** @throws io.tidings.cluster.BusUnavailableException when Redis cannot be reached */
    private int run(String user, String action, String notificationId) {
        Object count = redis.run(
                        UNREAD,
                        new String[] {redis.key("user:" + user, "unread")},
                        action,
                        notificationId,
                        Long.toString(System.currentTimeMillis()),
                        Integer.toString(maxPerUser),
                        Long.toString(KEPT_SECONDS))
                .get(0);
        return ((Long) count).intValue();
    }
}
