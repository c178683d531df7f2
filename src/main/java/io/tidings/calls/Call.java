package io.tidings.calls;

import jakarta.json.JsonValue;
import java.util.concurrent.ScheduledFuture;

/** One call between a caller and a callee, guarded by its own monitor. */
final class Call {

    enum State {
        RINGING,
        ACTIVE,
        ENDED
    }

    final String id;
    final String caller;
    final String callee;
    final String callerConnection;
    final JsonValue offer;
    /** Written under the call's monitor; read without it when offers are counted. */
    volatile State state = State.RINGING;

    String calleeConnection;
    ScheduledFuture<?> ringTimeout;

    Call(String id, String caller, String callee, String callerConnection, JsonValue offer) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.callerConnection = callerConnection;
        this.offer = offer;
    }

    boolean hasParty(String user) {
        return caller.equals(user) || callee.equals(user);
    }

    boolean ringing() {
        return state == State.RINGING;
    }

    String otherParty(String user) {
        return caller.equals(user) ? callee : caller;
    }

    /** The connection a party takes part with: the caller's and, once answered, the callee's; else null. */
    String connectionOf(String user) {
        return caller.equals(user) ? callerConnection : calleeConnection;
    }
}
