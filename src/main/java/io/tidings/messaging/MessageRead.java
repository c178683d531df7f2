package io.tidings.messaging;

/** A member read a conversation up to a message (CDI event; the other members got a {@code read_receipt}). */
public record MessageRead(String conversationId, String userId, String messageId) {}
