package io.tidings.messaging;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a message is delivered. An application bean of this type, when there is one, decides; else the
 * webhook of {@code tidings.messaging.webhook} does; with neither, every valid message is accepted as sent (demo
 * mode). The stage may complete on any thread, but must not be completed by blocking the caller's.
 */
public interface MessageGate {

    CompletionStage<MessageVerdict> review(MessageDraft draft);
}
