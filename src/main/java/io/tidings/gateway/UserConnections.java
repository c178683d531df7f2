package io.tidings.gateway;

/**
 * A user's connections, for the per-user limit ({@code tidings.limits.connections.per.user}): on this node alone, or
 * on every node with the Redis bus ({@link RedisUserConnections}).
 */
public interface UserConnections {

    /** Counts one more connection of the user if that stays within {@code limit}; false, counting nothing, if not. */
    boolean tryAdd(String user, int limit);

    /** A connection of the user that {@link #tryAdd} counted has closed. */
    void removed(String user);
}
