package io.tidings.messaging;

/**
 * A message was accepted and delivered to the conversation (CDI event, for the application to store or index it).
 * Observers run on the delivering thread: keep them short.
 */
public record MessageSent(
        String messageId, String conversationId, String senderId, String content, String messageType, long sentAt) {}
