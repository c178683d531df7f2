package io.tidings.presence;

/** A user's first connection opened, and the user was not online already (CDI event). */
public record UserCameOnline(String user, long since) {}
