package io.tidings.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the path between nodes went through, for {@code /metrics}; always zero on the bus of one node. */
public final class BusCounters {

    /** The counters of a bus that has no path between nodes. */
    static final BusCounters NONE = new BusCounters();

    final LongAdder resubscribed = new LongAdder();
    final LongAdder caughtUp = new LongAdder();
    final LongAdder catchUpFailures = new LongAdder();
    final LongAdder stalls = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    /** The last ping's round trip in microseconds, -1 when it went unanswered or there is no Redis. */
    final AtomicLong roundTripMicros = new AtomicLong(-1);

    /** Channel subscriptions Redis confirmed again after a pub/sub connection came back or was replaced. */
    public long resubscribed() {
        return resubscribed.sum();
    }

    /** Publications handed off from the history because they were published while a pub/sub connection was away. */
    public long caughtUp() {
        return caughtUp.sum();
    }

    /** Catch-ups that could not read the history: their clients saw a gap and recovered. */
    public long catchUpFailures() {
        return catchUpFailures.sum();
    }

    /** Pub/sub connections replaced because they stayed open but no longer delivered (the probe went unanswered). */
    public long stalls() {
        return stalls.sum();
    }

    /** The round trip of the node's last ping of Redis, in microseconds; -1 when unanswered, or without Redis. */
    public long roundTripMicros() {
        return roundTripMicros.get();
    }

    /** Publications from Redis this version could not read, dropped. */
    public long unreadable() {
        return unreadable.sum();
    }
}
