package io.tidings.calls;

/**
 * One call as the {@link CallStore} keeps it.
 *
 * @param calleeConnection the callee's device once answered, else null
 * @param offer the caller's offer, as JSON text
 */
record CallRecord(
        String id,
        String caller,
        String callee,
        String callerConnection,
        String calleeConnection,
        String offer,
        boolean ringing) {

    boolean hasParty(String user) {
        return caller.equals(user) || callee.equals(user);
    }

    String otherParty(String user) {
        return caller.equals(user) ? callee : caller;
    }

    /** The connection a party takes part with: the caller's and, once answered, the callee's; else null. */
    String connectionOf(String user) {
        return caller.equals(user) ? callerConnection : calleeConnection;
    }
}
