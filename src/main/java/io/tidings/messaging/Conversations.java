package io.tidings.messaging;

import io.tidings.channel.ChannelName;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * The backend's word on who is in a conversation. A member taken out is unsubscribed at once from the conversation
 * and its presence, and told so with an {@code unsubscribed} frame (without an {@code id}: nobody asked).
 */
@ApplicationScoped
public class Conversations {

    public static final int MAX_MEMBERS = 10_000;

    private ConversationStore store;
    private SessionRegistry registry;

    Conversations() {}

    @Inject
    public Conversations(ConversationStore store, SessionRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public static String channel(String conversationId) {
        return "conversation:" + conversationId;
    }

    /** A conversation id is one non-empty channel segment whose channel name is valid. */
    public static boolean isValidId(String conversationId) {
        return !conversationId.isEmpty()
                && !conversationId.contains(":")
                && ChannelName.isValid(channel(conversationId));
    }

    public void setMembers(String conversationId, Set<String> members) {
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("at most " + MAX_MEMBERS + " members");
        }
        endSubscriptions(conversationId, store.setMembers(conversationId, members));
    }

    public Set<String> members(String conversationId) {
        return store.members(conversationId);
    }

    /** @return whether the conversation was known */
    public boolean remove(String conversationId) {
        Set<String> members = store.remove(conversationId);
        endSubscriptions(conversationId, members);
        return !members.isEmpty();
    }

    private void endSubscriptions(String conversationId, Set<String> users) {
        String channel = channel(conversationId);
        List<String> channels = List.of(channel, "presence:" + channel);
        for (String user : users) {
            for (Connection connection : List.copyOf(registry.connectionsOf(user))) {
                for (String ended : channels) {
                    if (registry.unsubscribe(connection, ended)) {
                        connection.send(ServerFrames.unsubscribed(null, ended));
                    }
                }
            }
        }
    }
}
