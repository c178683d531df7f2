package io.tidings.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The default {@link Membership}: the members the backend set through the HTTP API. */
@ApplicationScoped
public class StoredMembership implements Membership {

    private ConversationStore store;

    StoredMembership() {}

    @Inject
    public StoredMembership(ConversationStore store) {
        this.store = store;
    }

    @Override
    public boolean isMember(String conversationId, String userId) {
        return store.members(conversationId).contains(userId);
    }
}
