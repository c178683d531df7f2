package io.tidings.admin;

import io.tidings.cluster.NodeMessage;
import io.tidings.cluster.NodeMessages;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * The connections of every node ({@code GET /api/connections}): each node lists at most the limit of its own, with
 * its name, and the totals add up.
 */
@ApplicationScoped
public class ConnectionList {

    /** The node message that asks for a node's connections; its payload is the limit, its answer the list (JSON). */
    static final String LIST_CONNECTIONS = "connections.list";

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private SessionRegistry registry;
    private NodeMessages nodes;

    ConnectionList() {}

    @Inject
    public ConnectionList(SessionRegistry registry, NodeMessages nodes) {
        this.registry = registry;
        this.nodes = nodes;
    }

    /**
     * {@code {total, nodes: [{node, total}], connections: [{node, id, namespace, user, address, subscriptions}]}},
     * at most {@code limit} connections in all.
     *
     * @throws io.tidings.cluster.BusUnavailableException when a node could not be asked
     */
    public JsonObject list(int limit) {
        JsonArrayBuilder perNode = JSON.createArrayBuilder();
        JsonArrayBuilder connections = JSON.createArrayBuilder();
        int total = 0;
        int listed = 0;
        for (String answer : nodes.ask(LIST_CONNECTIONS, Integer.toString(limit))) {
            JsonObject node;
            try {
                node = JSON.createReader(new StringReader(answer)).readObject();
            } catch (RuntimeException e) {
                continue; // a node of another version
            }
            total += node.getInt("total", 0);
            perNode.add(JSON.createObjectBuilder()
                    .add("node", node.getString("node", ""))
                    .add("total", node.getInt("total", 0)));
            for (JsonValue connection : node.getJsonArray("connections")) {
                if (listed++ < limit) {
                    connections.add(connection);
                }
            }
        }
        return JSON.createObjectBuilder()
                .add("total", total)
                .add("nodes", perNode)
                .add("connections", connections)
                .build();
    }

    void listed(@Observes NodeMessage message) {
        if (!message.is(LIST_CONNECTIONS)) {
            return;
        }
        int limit;
        try {
            limit = Math.max(0, Integer.parseInt(message.payload()));
        } catch (NumberFormatException e) {
            return;
        }
        JsonArrayBuilder list = JSON.createArrayBuilder();
        int listed = 0;
        for (Connection connection : registry.connections()) {
            if (listed++ == limit) {
                break;
            }
            JsonObjectBuilder entry = JSON.createObjectBuilder()
                    .add("node", nodes.node())
                    .add("id", connection.id())
                    .add("namespace", connection.namespace())
                    .add("address", connection.address())
                    .add("subscriptions", connection.subscriptionCount());
            if (connection.user() == null) {
                entry.addNull("user");
            } else {
                entry.add("user", connection.user());
            }
            list.add(entry);
        }
        message.answer(JSON.createObjectBuilder()
                .add("node", nodes.node())
                .add("total", registry.connectionCount())
                .add("connections", list)
                .build()
                .toString());
    }
}
