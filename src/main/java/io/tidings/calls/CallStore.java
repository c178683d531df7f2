package io.tidings.calls;

import java.util.List;
import java.util.Optional;

/**
 * The calls and their state, on this node ({@link LocalCallStore}) or, with the Redis bus, in Redis for every node
 * ({@link RedisCallStore}). Each change is atomic: one answer wins, a call ends once.
 *
 * @see Calls for what the calls mean to their parties
 */
interface CallStore {

    /** What {@link #offer} answers when the call id is taken. */
    String TAKEN = "that call id is taken";

    /**
     * Admits a new ringing call unless a limit refuses it ({@link CallLimits}), ringing until {@code ringMillis} from
     * now.
     *
     * @return null when admitted, {@link #TAKEN}, or why a limit refused it
     * @throws io.tidings.cluster.BusUnavailableException when the calls are in Redis and Redis cannot be reached (so
     *     for every method)
     */
    String offer(CallRecord call, long ringMillis);

    Optional<CallRecord> get(String id);

    /** The callee's device {@code connection} takes the call if it still rings; whether it did. */
    boolean answer(String id, String connection);

    /**
     * Ends the call, or only a ringing one; the call as it was when this ended it, or empty when it had ended (or was
     * not ringing): each call is ended once.
     */
    Optional<CallRecord> end(String id, boolean onlyIfRinging);

    /** The user's calls, as caller or callee. */
    List<CallRecord> of(String user);

    /** Ringing calls whose ring time is over (their node may have died before ending them). */
    List<String> overdue();

    /** The limits on admitting a call. */
    record CallLimits(int maxCalls, int perUser, int ringingPerUser, int ringsPerMinute) {}
}
