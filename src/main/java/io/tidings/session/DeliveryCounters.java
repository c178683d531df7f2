package io.tidings.session;

import java.util.concurrent.atomic.LongAdder;

/** Counts what did not reach a client, so nothing is lost silently. */
public final class DeliveryCounters {

    private final LongAdder dropped = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final LongAdder conflated = new LongAdder();

    /** A frame that was not delivered (queue full, or connection closing). */
    void dropped() {
        dropped.increment();
    }

    /** An event replaced by a newer one of its channel before it was sent. */
    void conflated() {
        conflated.increment();
    }

    public long conflatedEvents() {
        return conflated.sum();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    public long droppedFrames() {
        return dropped.sum();
    }

    public long slowConsumerCloses() {
        return slowConsumers.sum();
    }
}
