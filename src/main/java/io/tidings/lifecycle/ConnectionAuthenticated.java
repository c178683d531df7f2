package io.tidings.lifecycle;

/**
 * A connection got its user: at its handshake (right after {@link ConnectionOpened}) or by {@code authenticate} later.
 * Its user's connections in the registry include it by now.
 */
public record ConnectionAuthenticated(String connection, String namespace, String user) {}
