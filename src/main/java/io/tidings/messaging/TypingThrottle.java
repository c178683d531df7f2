package io.tidings.messaging;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one {@code typing: true} per user and conversation per interval; {@code typing: false}, and a change
 * back to true, always pass. Entries are swept once the map grows past a bound, so it cannot grow without end.
 */
final class TypingThrottle {

    private static final int SWEEP_ABOVE = 10_000;

    private record Last(boolean typing, long at) {}

    private final long intervalMillis;
    private final ConcurrentHashMap<String, Last> last = new ConcurrentHashMap<>();

    TypingThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    boolean admit(String user, String conversationId, boolean typing, long now) {
        if (last.size() > SWEEP_ABOVE) {
            last.values().removeIf(entry -> now - entry.at() >= intervalMillis);
        }
        boolean[] admitted = {false};
        last.compute(user + '\u0000' + conversationId, (key, previous) -> {
            admitted[0] = !typing || previous == null || !previous.typing() || now - previous.at() >= intervalMillis;
            return admitted[0] ? new Last(typing, now) : previous;
        });
        return admitted[0];
    }
}
