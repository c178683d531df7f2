package io.tidings.protocol;

import jakarta.websocket.CloseReason;

/**
 * Every close code the server uses. A client should reconnect (with backoff, resubscribing with {@code since})
 * after 1011, 1012, 1013, 4000, 4009 and 4011; after 4001 and 4010 only with a new token; after 1008, 1009 and 4008
 * only once it has fixed what it sends.
 */
public enum CloseCode {
    NORMAL(1000, "normal"),
    POLICY_VIOLATION(1008, "too many bad frames"),
    TOO_BIG(1009, "frame too large"),
    /** A send to the connection failed; the client may reconnect. */
    INTERNAL_ERROR(1011, "internal error"),
    RESTARTING(1012, "server restarting"),
    SERVER_FULL(1013, "server full, try again later"),
    HEARTBEAT_TIMEOUT(4000, "heartbeat timeout"),
    UNAUTHORIZED(4001, "unauthorized"),
    RATE_LIMITED(4008, "rate limited"),
    SLOW_CONSUMER(4009, "slow consumer"),
    TOKEN_EXPIRED(4010, "token expired"),
    DISCONNECTED(4011, "disconnected by the backend");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public CloseReason toReason() {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
    }
}
