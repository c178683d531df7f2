package io.tidings.socketio;

import java.util.Optional;

/**
 * Where Socket.IO sessions are kept for their clients to recover: in Redis with the Redis bus (a client recovers on
 * any node, also after its node died), else in this node's memory. A session is kept for a time to live that its node
 * extends while the socket is connected; it is recovered at most once.
 */
public interface SavedSessions {

    /** Keeps the session under {@code pid} for {@code ttlMillis}, replacing what was there. */
    void save(String pid, SavedSession session, long ttlMillis);

    /** Keeps the session under {@code pid}, if there is one, {@code ttlMillis} from now. */
    void keep(String pid, long ttlMillis);

    /** The session under {@code pid}, left where it is. */
    Optional<SavedSession> get(String pid);

    /** Takes the session out: of two callers with the same {@code pid}, only one gets it. */
    Optional<SavedSession> take(String pid);
}
