package io.tidings.presence;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Who is present in each scope (a channel, {@link #ONLINE}, or a feature's own starting with {@code /}) across the
 * nodes: each node says how many connections
 * of a user it has there, and the store says when that makes the user join (none anywhere before) or leave (none
 * anywhere now). On one node in memory ({@link LocalPresenceStore}); with the Redis bus in Redis
 * ({@link RedisPresenceStore}), where a node that stops heartbeating stops counting within the presence TTL.
 */
public interface PresenceStore {

    /** The scope of being connected at all. */
    String ONLINE = "";

    /**
     * This node has {@code count} (0 or more) connections of the user in the scope now. Changes of one scope and user
     * take effect in the order they were made.
     *
     * @return whether that made the user join or leave, with since when it is there
     */
    CompletionStage<Change> set(String scope, String user, int count);

    /**
     * The scope's members, with their connections on every node, in no particular order.
     *
     * @throws io.tidings.cluster.BusUnavailableException when they are in Redis and Redis cannot be reached
     */
    List<Member> members(String scope);

    /** One member of the scope, if present. */
    Optional<Member> member(String scope, String user);

    /**
     * Says this node is alive, and takes the entries of nodes that stopped saying so out.
     *
     * @return the leaves that made, and whether this node's own entries must be set again (it was taken for dead, or
     *     a change could not be written)
     */
    Heartbeat heartbeat();

    /** What a change made of the user's presence in the scope. */
    record Change(Kind kind, long since) {

        static final Change NONE = new Change(Kind.NONE, 0);

        public enum Kind {
            JOINED,
            LEFT,
            NONE
        }
    }

    /**
     * A user that left a scope because the node that counted it stopped. For a scope of another feature's (one
     * starting with {@code /}, never a channel), {@link Presence} fires it as a CDI event.
     */
    record Departure(String scope, String user, long since) {}

    /**
     * This node told the store all its counts again (the store had taken it for dead, or missed a change): a feature
     * that counts a scope of its own (see {@link Departure}) tells its counts again too. Fired as a CDI event.
     */
    record SetAgain() {}

    /** The outcome of {@link #heartbeat}. */
    record Heartbeat(List<Departure> departures, boolean setAgain) {

        static final Heartbeat QUIET = new Heartbeat(List.of(), false);
    }
}
