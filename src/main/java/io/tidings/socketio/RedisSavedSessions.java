package io.tidings.socketio;

import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import java.util.Optional;

/** Socket.IO sessions in Redis, shared by every node: a client recovers its session on any of them. */
final class RedisSavedSessions implements SavedSessions {

    private static final RedisScript SESSIONS = RedisScript.named(RedisSavedSessions.class, "saved-sessions.lua");

    private final RedisStore redis;

    RedisSavedSessions(RedisStore redis) {
        this.redis = redis;
    }

    @Override
    public void save(String pid, SavedSession session, long ttlMillis) {
        run(pid, "save", session.toJson(), ttlMillis);
    }

    @Override
    public void keep(String pid, long ttlMillis) {
        run(pid, "keep", "", ttlMillis);
    }

    @Override
    public Optional<SavedSession> get(String pid) {
        return read(run(pid, "get", "", 0));
    }

    @Override
    public Optional<SavedSession> take(String pid) {
        return read(run(pid, "take", "", 0));
    }

    private static Optional<SavedSession> read(Object saved) {
        return saved instanceof String json && !json.isEmpty()
                ? Optional.of(SavedSession.fromJson(json))
                : Optional.empty();
    }

    /** @throws io.tidings.cluster.BusUnavailableException when Redis cannot be reached */
    private Object run(String pid, String action, String session, long ttlMillis) {
        return redis.run(
                        SESSIONS,
                        new String[] {redis.key("sio:" + pid, "session")},
                        action,
                        session,
                        Long.toString(ttlMillis))
                .get(0);
    }
}
