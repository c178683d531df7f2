package io.tidings.calls;

/** Why a call may not ring now, as {@code rate_limited} errors say it (the Redis store's script says the same). */
final class Refusals {

    static final String TOO_MANY_CALLS = "too many calls on this server, try again later";
    static final String CALLER_BUSY = "you are in too many calls at once";
    static final String CALLEE_BUSY = "that user is in too many calls at once";
    static final String STILL_RINGING = "your call to that user is still ringing";
    static final String TOO_MANY_RINGING = "that user has too many calls ringing, try again later";
    static final String RUNG_TOO_OFTEN = "that user was called too often, try again later";

    private Refusals() {}
}
