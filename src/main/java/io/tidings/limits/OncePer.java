package io.tidings.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller through at most once per interval, however many threads ask: for work that must not run on every
 * call (sweeping a large map, writing a log line). Thread-safe, without a lock.
 */
public final class OncePer {

    private final long intervalMillis;
    private final AtomicLong last = new AtomicLong();

    public OncePer(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** True for the one caller whose turn it is: an interval has passed since the last one that got true. */
    public boolean due(long now) {
        long previous = last.get();
        return now - previous >= intervalMillis && last.compareAndSet(previous, now);
    }
}
