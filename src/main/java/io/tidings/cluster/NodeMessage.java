package io.tidings.cluster;

/**
 * A message to every node ({@link NodeMessages}), fired on this node as a CDI event, on a worker thread: the
 * observer of its kind applies it and may {@link #answer}. {@link #RESET} says this node may have missed messages (its
 * pub/sub connection to Redis was away): whoever keeps a copy of shared state forgets it.
 */
public final class NodeMessage {

    /** The kind of the message a node gives itself after it may have missed others. */
    public static final String RESET = "reset";

    private final String kind;
    private final String payload;
    private volatile String answer = "";

    public NodeMessage(String kind, String payload) {
        this.kind = kind;
        this.payload = payload;
    }

    public boolean is(String kind) {
        return this.kind.equals(kind);
    }

    public String kind() {
        return kind;
    }

    public String payload() {
        return payload;
    }

    /** What this node answers the sender (one line, no newline); empty unless an observer says. */
    public void answer(String answer) {
        this.answer = answer;
    }

    public String answer() {
        return answer;
    }
}
