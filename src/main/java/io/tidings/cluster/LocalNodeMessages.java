package io.tidings.cluster;

import java.util.List;
import java.util.function.Consumer;

/** The node messages of a deployment of one node: handled here, on the caller's thread. */
public final class LocalNodeMessages implements NodeMessages {

    private final String node;
    private final Consumer<NodeMessage> handler;

    public LocalNodeMessages(String node, Consumer<NodeMessage> handler) {
        this.node = node;
        this.handler = handler;
    }

    @Override
    public List<String> ask(String kind, String payload) {
        NodeMessage message = new NodeMessage(kind, payload);
        handler.accept(message);
        return List.of(message.answer());
    }

    @Override
    public String node() {
        return node;
    }
}
