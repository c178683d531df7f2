package io.tidings.protocol;

/**
 * A frame a client sent, decoded and checked for shape (not yet for permission): one of the {@link CoreFrame}s every
 * namespace knows, or one of a namespace's own verbs (each namespace decodes those into a sealed type of its own).
 */
public interface ClientFrame {

    /** The client's correlation id, echoed on the direct answer; may be null. */
    String id();
}
