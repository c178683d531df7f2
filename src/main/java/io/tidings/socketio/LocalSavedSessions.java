package io.tidings.socketio;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Socket.IO sessions in this node's memory, at most {@code max} of them: when full, the expired ones are let go, and
 * a save that still finds no room is not kept (its client gets a new session if it reconnects).
 */
final class LocalSavedSessions implements SavedSessions {

    private record Kept(SavedSession session, long until) {}

    private final Map<String, Kept> sessions = new ConcurrentHashMap<>();
    private final int max;
    private final LongSupplier clock;

    /** @param clock milliseconds, e.g. {@code System::currentTimeMillis} */
    LocalSavedSessions(int max, LongSupplier clock) {
        this.max = max;
        this.clock = clock;
    }

    @Override
    public void save(String pid, SavedSession session, long ttlMillis) {
        long now = clock.getAsLong();
        if (sessions.size() >= max && !sessions.containsKey(pid)) {
            sessions.values().removeIf(kept -> kept.until <= now);
            if (sessions.size() >= max) {
                return;
            }
        }
        sessions.put(pid, new Kept(session, now + ttlMillis));
    }

    @Override
    public void keep(String pid, long ttlMillis) {
        long now = clock.getAsLong();
        sessions.computeIfPresent(
                pid, (id, kept) -> kept.until <= now ? null : new Kept(kept.session, now + ttlMillis));
    }

    @Override
    public Optional<SavedSession> get(String pid) {
        Kept kept = sessions.get(pid);
        return kept == null || kept.until <= clock.getAsLong() ? Optional.empty() : Optional.of(kept.session);
    }

    @Override
    public Optional<SavedSession> take(String pid) {
        Kept kept = sessions.remove(pid);
        return kept == null || kept.until <= clock.getAsLong() ? Optional.empty() : Optional.of(kept.session);
    }
}
