package io.tidings.notifications;

/**
 * The unread notifications of each user: the gateway's own state, in memory on one node ({@link LocalUnreadCounts}),
 * in Redis with the Redis bus ({@link RedisUnreadCounts}); chosen by {@link UnreadCountsStores}. Each method answers
 * the user's unread count after it.
 */
public interface UnreadCounts {

    int added(String user, String notificationId);

    int read(String user, String notificationId);

    int readAll(String user);

    int count(String user);
}
