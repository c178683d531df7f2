package io.tidings.messaging;

/** What the application decided about a {@link MessageDraft}. */
public sealed interface MessageVerdict {

    /** Deliver it, with this id and content (the application may have changed the content). */
    record Accepted(String messageId, String content) implements MessageVerdict {}

    /** Do not deliver it; the reason reaches the sender in a {@code forbidden} error. */
    record Refused(String reason) implements MessageVerdict {}
}
