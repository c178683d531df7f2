package io.tidings.admin;

import io.tidings.channel.UserId;
import io.tidings.cluster.NodeMessage;
import io.tidings.cluster.NodeMessages;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Disconnects a user everywhere ({@code POST /api/users/{id}/disconnect}, {@code admin:disconnect}): every node
 * closes the user's connections with 4011 before the call returns.
 */
@ApplicationScoped
public class Disconnects {

    /** The node message that disconnects a user; its payload is the user's id, its answer how many were closed. */
    static final String DISCONNECT_USER = "user.disconnect";

    private SessionRegistry registry;
    private NodeMessages nodes;

    Disconnects() {}

    @Inject
    public Disconnects(SessionRegistry registry, NodeMessages nodes) {
        this.registry = registry;
        this.nodes = nodes;
    }

    /**
     * Closes every connection of the user on every node; may wait for Redis, so never on a container I/O thread.
     *
     * @return how many were closed
     * @throws io.tidings.cluster.BusUnavailableException when a node could not be told
     */
    public int user(String userId) {
        int closed = 0;
        for (String answer : nodes.ask(DISCONNECT_USER, userId)) {
            closed += count(answer);
        }
        return closed;
    }

    void disconnect(@Observes NodeMessage message) {
        if (message.is(DISCONNECT_USER) && UserId.isValid(message.payload())) {
            message.answer(Integer.toString(registry.disconnect(message.payload())));
        }
    }

    private static int count(String answer) {
        try {
            return Integer.parseInt(answer);
        } catch (NumberFormatException e) {
            return 0; // a node of another version
        }
    }
}
