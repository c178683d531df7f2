package io.tidings.protocol;

/** The {@code code} of an {@code error} frame. None of them closes the connection by itself. */
public enum ErrorCode {
    /** Not JSON, no type, unknown type, missing field or field of the wrong type. Fix the frame; do not retry it. */
    BAD_REQUEST,
    /** Channel name outside the grammar or matching no pattern of this namespace. */
    INVALID_CHANNEL,
    /** The action needs a user: authenticate, then retry. */
    UNAUTHORIZED,
    /** This user may not do this. Retrying will not help. */
    FORBIDDEN,
    /** Too many frames; slow down and retry later. */
    RATE_LIMITED,
    /** The connection holds the maximum number of subscriptions. */
    TOO_MANY_SUBSCRIPTIONS,
    /** Unsubscribe from a channel the connection is not subscribed to. */
    NOT_SUBSCRIBED,
    /** The server failed; the client may retry. */
    INTERNAL,
    /** The store between nodes (Redis) cannot be reached now; retry later. */
    UNAVAILABLE;

    /** The code as it appears on the wire. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
