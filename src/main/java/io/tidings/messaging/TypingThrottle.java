package io.tidings.messaging;

import io.tidings.limits.OncePer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What typing indicators reach the other members, per user and conversation: a {@code typing: true} at most once per
 * interval, however many {@code false} come between, and a {@code false} only right after a {@code true} that went
 * out (it ends that one). Alternating the two therefore sends at most one of each per interval. Entries are swept
 * once the map grows past a bound, so it cannot grow without end.
 */
final class TypingThrottle {

    private static final int SWEEP_ABOVE = 10_000;
    private static final long FORGET_TYPING_MILLIS = 60_000;

    /** The last indicator sent, and when the last {@code true} was. */
    private record Last(boolean typing, long trueAt) {}

    private final long intervalMillis;
    private final ConcurrentHashMap<String, Last> last = new ConcurrentHashMap<>();
    /** A sweep at most once per interval, so a map kept large by many typists is not scanned on every frame. */
    private final OncePer sweeps;

    TypingThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        this.sweeps = new OncePer(intervalMillis);
    }

    boolean admit(String user, String conversationId, boolean typing, long now) {
        if (last.size() > SWEEP_ABOVE && sweeps.due(now)) {
            // a true is kept a while longer, so the false that ends it can still go out
            last.values()
                    .removeIf(
                            entry -> now - entry.trueAt() >= (entry.typing() ? FORGET_TYPING_MILLIS : intervalMillis));
        }
        boolean[] admitted = {false};
        last.compute(user + '\u0000' + conversationId, (key, previous) -> {
            if (typing) {
                admitted[0] = previous == null || now - previous.trueAt() >= intervalMillis;
                return admitted[0] ? new Last(true, now) : previous;
            }
            admitted[0] = previous != null && previous.typing();
            return admitted[0] ? new Last(false, previous.trueAt()) : previous;
        });
        return admitted[0];
    }
}
