package io.tidings.notifications;

/**
 * The unread notifications of each user: the gateway's own state, behind this seam so a store shared by every node
 * can replace the one in memory. Each method answers the user's unread count after it.
 */
public interface UnreadCounts {

    int added(String user, String notificationId);

    int read(String user, String notificationId);

    int readAll(String user);

    int count(String user);
}
