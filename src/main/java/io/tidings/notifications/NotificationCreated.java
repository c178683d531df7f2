package io.tidings.notifications;

/**
 * A notification for a user (CDI event): published as {@code notification} to {@code user:{userId}:notifications},
 * where it counts as unread until read.
 */
public record NotificationCreated(
        String userId, String notificationId, String kind, String title, String body, long ts) {}
