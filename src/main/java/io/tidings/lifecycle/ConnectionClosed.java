package io.tidings.lifecycle;

/**
 * A connection left the registry; its subscriptions ended before (each with {@link Unsubscribed}).
 *
 * @param user the user id, or null when it never authenticated
 * @param closeCode the WebSocket close code the connection ended with (1006 when it just went away)
 * @param dialect the wire language it spoke: {@code tidings}, {@code socket.io}
 */
public record ConnectionClosed(String connection, String namespace, String user, int closeCode, String dialect) {

    /** A connection of Tidings' own protocol. */
    public ConnectionClosed(String connection, String namespace, String user, int closeCode) {
        this(connection, namespace, user, closeCode, "tidings");
    }
}
