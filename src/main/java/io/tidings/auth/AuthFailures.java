package io.tidings.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed authentications per client address in a fixed window. An address with {@code max} failures in the window
 * is refused until the window ends. Thread-safe.
 */
public final class AuthFailures {

    private static final int MAX_TRACKED = 100_000;

    private final int max;
    private final long windowMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    public AuthFailures(int max, long windowMillis) {
        this.max = max;
        this.windowMillis = windowMillis;
    }

    public void record(String address, long now) {
        total.increment();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> w.endsBefore(now));
        }
        windows.compute(address, (a, w) -> w == null || w.endsBefore(now) ? new Window(now + windowMillis, 1)
                : new Window(w.end, w.count + 1));
    }

    public boolean blocked(String address, long now) {
        Window window = windows.get(address);
        return window != null && !window.endsBefore(now) && window.count >= max;
    }

    /** Every failure since start. */
    public long total() {
        return total.sum();
    }

    private record Window(long end, int count) {
        boolean endsBefore(long now) {
            return end <= now;
        }
    }
}
