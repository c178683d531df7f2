package io.tidings.lifecycle;

/**
 * A connection was registered.
 *
 * @param connection the connection's id (its {@code session} in {@code connected})
 * @param namespace the namespace path, e.g. {@code /ws}
 * @param user the user id, or null while anonymous
 * @param dialect the wire language it speaks: {@code tidings}, {@code socket.io}
 */
public record ConnectionOpened(String connection, String namespace, String user, String dialect) {

    /** A connection of Tidings' own protocol. */
    public ConnectionOpened(String connection, String namespace, String user) {
        this(connection, namespace, user, "tidings");
    }
}
