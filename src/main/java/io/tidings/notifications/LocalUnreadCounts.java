package io.tidings.notifications;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Unread notifications in this node's memory, bounded: at most {@code tidings.notifications.unread.max} ids per user
 * (past it the oldest is forgotten, so the count stays at the bound) and {@code tidings.notifications.users.max}
 * users (past it the user whose count changed longest ago is forgotten).
 */
public class LocalUnreadCounts implements UnreadCounts {

    private int maxPerUser;
    private Map<String, LinkedHashSet<String>> unread;

    public LocalUnreadCounts(int maxPerUser, int maxUsers) {
        this.maxPerUser = maxPerUser;
        this.unread = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LinkedHashSet<String>> eldest) {
                return size() > maxUsers;
            }
        };
    }

    @Override
    public synchronized int added(String user, String notificationId) {
        LinkedHashSet<String> ids = unread.computeIfAbsent(user, u -> new LinkedHashSet<>());
        ids.add(notificationId);
        if (ids.size() > maxPerUser) {
            ids.remove(ids.iterator().next());
        }
        return ids.size();
    }

    @Override
    public synchronized int read(String user, String notificationId) {
        LinkedHashSet<String> ids = unread.get(user);
        if (ids == null) {
            return 0;
        }
        ids.remove(notificationId);
        if (ids.isEmpty()) {
            unread.remove(user);
            return 0;
        }
        return ids.size();
    }

    @Override
    public synchronized int readAll(String user) {
        unread.remove(user);
        return 0;
    }

    @Override
    public synchronized int count(String user) {
        LinkedHashSet<String> ids = unread.get(user);
        return ids == null ? 0 : ids.size();
    }
}
