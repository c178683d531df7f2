package io.tidings.protocol;

/**
 * The bean that handles one namespace's own verbs. {@code C} is the connection a frame arrived on, {@code F} the
 * namespace's sealed type of verb frames; only frames its namespace's decoder produced reach it.
 */
public interface VerbHandler<C, F extends ClientFrame> {

    /** The namespace's verb type, so the frame intake can hand it only its own frames. */
    Class<F> frameType();

    /**
     * Handles one verb. Answers the client itself (an {@code ack} on success); throws {@link FrameException} for the
     * {@code error} answer.
     */
    void handle(C connection, F frame);
}
