package io.tidings.cluster;

import io.tidings.protocol.Position;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The path of publications between nodes: per-channel offsets and epochs, bounded history, and the hand-off of each
 * publication to the {@link BusHandler} of every node subscribed to its channel. Every method may throw
 * {@link BusUnavailableException} when the bus cannot reach its store; none blocks for longer than that store takes
 * to answer.
 */
public interface Bus {

    /**
     * Accepts a publication. A durable one gets the channel's next offset (offsets start at 1 in an epoch and grow by
     * exactly 1, in the order publications are accepted, whatever the number of concurrent publishers or nodes), is
     * appended to the history and handed off; an ephemeral one is only handed off, with offset 0.
     *
     * <p>Atomic: the offset, the history entry and the hand-off happen together or not at all, and the hand-off of
     * offset {@code n} reaches a node's handler before that of {@code n + 1}. With an idempotency key already seen on
     * the channel, nothing happens and the first result is answered again, marked repeated.
     */
    Accepted publish(Message message, PublishOptions options);

    /** The channel's latest position; offset 0 when nothing was published in this epoch. */
    Position position(String channel);

    /**
     * The events after {@code since}, read atomically with the current position (no publication falls between the
     * two). Not recovered when the epoch differs, when the history no longer reaches back to
     * {@code since.offset + 1}, or when {@code since} lies ahead of the channel.
     */
    Recovery recover(String channel, Position since);

    /** Up to {@code limit} kept events after offset {@code since}, oldest first, read atomically with the position. */
    History history(String channel, long since, int limit);

    /**
     * The channel's latest durable publication, while its history keeps it; empty for a bus that leaves the latest
     * state to the node ({@code delivery.LatestState} keeps it in memory on one node).
     */
    default Optional<Entry> latest(String channel) {
        return Optional.empty();
    }

    /**
     * This node has its first local subscriber of the channel. Once the stage completes, every publication accepted
     * afterwards, and every one whose offset is above a {@link #position} or {@link #recover} read afterwards, reaches
     * this node's handler; read the position only then, and no publication falls between the two. Calls for one
     * channel ({@code subscribe} and {@link #unsubscribe}) are made one at a time, in order.
     */
    CompletionStage<Void> subscribe(String channel);

    /** This node's last local subscriber of the channel left; its publications need not reach this node any more. */
    void unsubscribe(String channel);

    /**
     * Whether the bus reaches its store now, as its last check found (readiness follows it: a node that cannot
     * publish should not get new clients). A bus in memory always does.
     */
    default boolean reachable() {
        return true;
    }

    /** The Redis this bus runs over, for the other state every node shares; empty on a bus of one node. */
    default Optional<RedisStore> store() {
        return Optional.empty();
    }

    /** Messages to every node, through this bus's path between nodes; empty on a bus of one node. */
    default Optional<NodeMessages> nodeMessages() {
        return Optional.empty();
    }

    /** What the path between nodes went through (reconnects, catch-ups, stalls); zero on a bus of one node. */
    default BusCounters counters() {
        return BusCounters.NONE;
    }
}
