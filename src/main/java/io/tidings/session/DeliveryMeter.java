package io.tidings.session;

import io.tidings.protocol.ErrorCode;

/**
 * Where connections count what they send and what they could not deliver, so nothing is lost silently. Called on
 * the sending threads for every frame: implementations must be cheap and must not block.
 */
public interface DeliveryMeter {

    /** Counts nothing, for tests. */
    DeliveryMeter NONE = new DeliveryMeter() {};

    /**
     * A frame was handed to the container.
     *
     * @param acceptedNanos for an event of a live publication, {@link System#nanoTime()} when the bus accepted it; 0
     *     for any other frame
     */
    default void sent(long acceptedNanos) {}

    /** A frame was not delivered: queue full, or the connection closing. */
    default void dropped() {}

    /** An event was replaced by a newer one of its channel before it was sent. */
    default void conflated() {}

    /** A connection was closed for not reading what it was sent (4009). */
    default void slowConsumer() {}

    /** A send failed; its connection is closed. */
    default void sendFailed() {}

    /** An {@code error} frame was queued for this connection (its user null while anonymous). */
    default void errorSent(ErrorCode code, String connection, String namespace, String user) {}
}
