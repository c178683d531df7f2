package io.tidings.presence;

/** A user's last connection closed and none opened within the grace period (CDI event). */
public record UserWentOffline(String user, long onlineSince) {}
