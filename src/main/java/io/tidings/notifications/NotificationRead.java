package io.tidings.notifications;

/**
 * A user read a notification, or all of them when {@code notificationId} is null (CDI event, and the webhook of
 * {@code tidings.notifications.webhook} when set).
 */
public record NotificationRead(String userId, String notificationId) {}
