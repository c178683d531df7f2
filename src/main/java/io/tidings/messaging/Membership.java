package io.tidings.messaging;

/**
 * Who is in a conversation: asked when a user subscribes to {@code conversation:{id}} or sends to it. By default
 * the members the backend set with {@code PUT /api/conversations/{id}/members}; an application that keeps them
 * itself provides a bean of this type annotated {@code @Alternative @Priority(...)}, which then answers instead.
 * Called on the connection's thread: answer from memory, not from a remote call.
 */
public interface Membership {

    boolean isMember(String conversationId, String userId);
}
