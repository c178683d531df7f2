package io.tidings.cluster;

import io.tidings.delivery.Publication;

/**
 * Orders publications per channel and keeps their history. Offsets and history sit behind this one seam so that
 * making them cluster-wide changes one class.
 */
public interface Bus {

    /**
     * Assigns the channel's next offset, appends the event to history and hands it to the fan-out of every node.
     * Per channel, hand-offs happen one at a time in offset order, whatever the number of concurrent publishers.
     *
     * @return the position of this publication
     */
    Position publish(Publication publication);

    /** The channel's latest position; offset 0 when nothing was published in this epoch. */
    Position position(String channel);

    /**
     * The events after {@code since}, read atomically with the current position. Not recovered when the epoch
     * differs, when the history no longer reaches back to {@code since.offset + 1}, or when {@code since} lies ahead.
     */
    Recovery recover(String channel, Position since);

    /**
     * Forgets channels whose whole history has expired and that {@code inUse} says nobody here subscribes to, so
     * memory follows the live channels; a forgotten channel starts a new epoch when it is next used.
     */
    void forgetIdle(java.util.function.Predicate<String> inUse);
}
