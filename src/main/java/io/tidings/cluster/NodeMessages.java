package io.tidings.cluster;

import java.util.List;

/**
 * Messages to every node of the deployment, this one included, for a change made through one node that every node
 * must apply before the call that made it returns (a member taken out of a conversation, a user disconnected). Each
 * node hands a message to its {@link NodeMessage} observers and answers with what they said. On one node, the
 * message is handled here at once.
 */
public interface NodeMessages {

    /**
     * Sends to every node and waits until each has handled it.
     *
     * @return every node's answer, this node's included
     * @throws BusUnavailableException when Redis cannot be reached, a node did not answer in time, or one could not
     *     apply it (an observer threw); the nodes that answered otherwise have applied it
     */
    List<String> ask(String kind, String payload);

    /** This node's name, unique in the deployment ({@code tidings.node.name}, or made from host and process). */
    String node();
}
