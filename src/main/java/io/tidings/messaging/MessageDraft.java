package io.tidings.messaging;

/** A message a member sent, before the application accepted it. */
public record MessageDraft(String conversationId, String senderId, String content, String messageType, long sentAt) {}
