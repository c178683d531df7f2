package io.tidings.protocol;

/**
 * The WebSocket subprotocols Tidings' own namespaces answer. {@code tidings.v1} is the protocol with one frame per
 * WebSocket message; {@code tidings.v1.batch} the same frames, except that a text message from the server may hold
 * several of them, a line each (frames are compact JSON, so no frame holds a newline): a client that asks for it
 * lets the server send a backlog of events in fewer, larger messages.
 */
public final class Subprotocols {

    public static final String NATIVE = "tidings.v1";
    public static final String BATCH = "tidings.v1.batch";

    private Subprotocols() {}

    /** Whether a connection's negotiated subprotocol lets the server send several frames as lines of one. */
    public static boolean batches(String negotiated) {
        return BATCH.equals(negotiated);
    }
}
