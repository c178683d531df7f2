package io.tidings.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts what each client address does (failed authentications, new connections), or what befalls any other key
 * (the rings of a callee), in a fixed window; a key that reached {@code max} in its window is over the limit until
 * the window ends. Thread-safe, and the number of keys tracked is bounded.
 */
public final class AddressWindow {

    private static final int MAX_TRACKED = 100_000;

    private final int max;
    private final long windowMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    /** Full, the map is swept at most once a second, not on every record. */
    private final OncePer sweeps = new OncePer(1000);

    public AddressWindow(int max, long windowMillis) {
        this.max = max;
        this.windowMillis = windowMillis;
    }

    public void record(String address, long now) {
        if (windows.size() >= MAX_TRACKED && sweeps.due(now)) {
            windows.values().removeIf(w -> w.endsBefore(now));
        }
        windows.compute(
                address,
                (a, w) -> w == null || w.endsBefore(now)
                        ? new Window(now + windowMillis, 1)
                        : new Window(w.end, w.count + 1));
    }

    public boolean over(String address, long now) {
        Window window = windows.get(address);
        return window != null && !window.endsBefore(now) && window.count >= max;
    }

    private record Window(long end, int count) {
        boolean endsBefore(long now) {
            return end <= now;
        }
    }
}
