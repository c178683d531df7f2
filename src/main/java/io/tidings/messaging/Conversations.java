package io.tidings.messaging;

import io.tidings.auth.ChannelAccess;
import io.tidings.auth.UserToken;
import io.tidings.channel.ChannelName;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.NodeMessage;
import io.tidings.cluster.NodeMessages;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The backend's word on who is in a conversation. A member taken out is unsubscribed at once from the conversation
 * and its presence, on every node before the call returns, and told so with an {@code unsubscribed} frame (without
 * an {@code id}: nobody asked): the node that changed the members asks every node ({@link NodeMessages}) to forget
 * its copy of them and to end what a connection that is no longer allowed holds.
 */
@ApplicationScoped
public class Conversations {

    public static final int MAX_MEMBERS = 10_000;

    /** The node message that says a conversation's members changed; its payload is the conversation's id. */
    static final String MEMBERS_CHANGED = "conversation.members";

    private static final Logger LOG = Logger.getLogger(Conversations.class.getName());

    private ConversationStore store;
    private SessionRegistry registry;
    private NodeMessages nodes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final java.util.concurrent.atomic.AtomicBoolean rechecking =
            new java.util.concurrent.atomic.AtomicBoolean();

    Conversations() {}

    @Inject
    public Conversations(ConversationStore store, SessionRegistry registry, NodeMessages nodes) {
        this.store = store;
        this.registry = registry;
        this.nodes = nodes;
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

    /** @throws io.tidings.cluster.BusUnavailableException when a node could not be told (the members are set) */
    public void setMembers(String conversationId, Set<String> members) {
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("at most " + MAX_MEMBERS + " members");
        }
        try {
            store.setMembers(conversationId, members);
        } catch (BusUnavailableException e) {
            throw toldAnyway(conversationId, e); // the store's answer did not come: the members may be set
        }
        nodes.ask(MEMBERS_CHANGED, conversationId);
    }

    public Set<String> members(String conversationId) {
        return store.members(conversationId);
    }

    /** @return whether the conversation was known */
    public boolean remove(String conversationId) {
        boolean known;
        try {
            known = !store.remove(conversationId).isEmpty();
        } catch (BusUnavailableException e) {
            throw toldAnyway(conversationId, e);
        }
        nodes.ask(MEMBERS_CHANGED, conversationId);
        return known;
    }

    /** Tells every node to read the members again after a change that may have been made; returns the failure. */
    private BusUnavailableException toldAnyway(String conversationId, BusUnavailableException failure) {
        try {
            nodes.ask(MEMBERS_CHANGED, conversationId);
        } catch (BusUnavailableException also) {
            failure.addSuppressed(also);
        }
        return failure;
    }

    /**
     * On every node, after a change of members anywhere, or after this node may have missed some.
     *
     * @throws io.tidings.cluster.BusUnavailableException when the members could not be read: the node that asked
     *     answers its caller 503, and the caller's retry tells every node again
     */
    void changed(@Observes NodeMessage message) {
        if (message.is(NodeMessage.RESET)) {
            store.forgetAll();
            checkHeldConversations();
        } else if (message.is(MEMBERS_CHANGED) && isValidId(message.payload())) {
            store.forget(message.payload());
            endDisallowed(message.payload());
        }
    }

    /**
     * Checks every conversation this node's connections hold against its members; one that cannot be read now is
     * checked again a second later, until all could.
     */
    private void checkHeldConversations() {
        List<String> held = new ArrayList<>();
        registry.forEachChannel((channel, subscribers) -> held.add(channel));
        boolean unread = false;
        for (String conversation : held.stream()
                .map(Conversations::conversationOf)
                .filter(Objects::nonNull)
                .distinct()
                .toList()) {
            try {
                endDisallowed(conversation);
            } catch (BusUnavailableException e) {
                unread = true;
            }
        }
        if (unread && !rechecking.getAndSet(true)) { // one retry loop, however many resets came meanwhile
            LOG.warning("After a reconnection to Redis, conversations could not be checked: again in a second");
            scheduler.schedule(
                    () -> {
                        rechecking.set(false);
                        checkHeldConversations();
                    },
                    1,
                    TimeUnit.SECONDS);
        }
    }

    /** Ends the subscriptions to the conversation and its presence of this node's connections that are not members. */
    private void endDisallowed(String conversationId) {
        Set<String> members = store.members(conversationId);
        String channel = channel(conversationId);
        for (String held : List.of(channel, "presence:" + channel)) {
            for (Subscription subscription : List.copyOf(registry.subscribers(held))) {
                Connection connection = subscription.connection();
                UserToken user = connection.token();
                boolean allowed =
                        user != null && (user.hasRole(ChannelAccess.ADMIN) || members.contains(user.getName()));
                if (!allowed && registry.revoke(connection, held)) {
                    connection.send(ServerFrames.unsubscribed(null, held));
                }
            }
        }
    }

    /** The conversation of {@code conversation:{id}} or {@code presence:conversation:{id}}, else null. */
    private static String conversationOf(String channel) {
        String held = channel.startsWith("presence:") ? channel.substring("presence:".length()) : channel;
        return held.startsWith("conversation:") ? held.substring("conversation:".length()) : null;
    }
}
