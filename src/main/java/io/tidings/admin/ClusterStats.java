package io.tidings.admin;

import io.tidings.cluster.NodeMessage;
import io.tidings.cluster.NodeMessages;
import io.tidings.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of every node ({@code GET /api/stats}): each node answers with its own, read from its metrics; the
 * answer has their sums at the top and each node's under {@code nodes}.
 */
@ApplicationScoped
public class ClusterStats {

    /** The node message that asks for a node's figures; its answer is them (JSON). */
    static final String NODE_STATS = "stats.node";

    static final List<String> FIELDS = List.of(
            "connections",
            "users",
            "channels",
            "published",
            "throttled",
            "deliveries",
            "droppedFrames",
            "conflatedEvents",
            "slowConsumerCloses",
            "authFailures",
            "apiRefused");

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private Metrics metrics;
    private NodeMessages nodes;

    ClusterStats() {}

    @Inject
    public ClusterStats(Metrics metrics, NodeMessages nodes) {
        this.metrics = metrics;
        this.nodes = nodes;
    }

    /**
     * {@code {connections, users, ..., nodes: [{node, connections, users, ...}]}}: the sums of every node's figures
     * (a user connected to two nodes counts on each), then each node's.
     *
     * @throws io.tidings.cluster.BusUnavailableException when a node could not be asked
     */
    public JsonObject stats() {
        Map<String, Long> sums = new LinkedHashMap<>();
        FIELDS.forEach(field -> sums.put(field, 0L));
        JsonArrayBuilder perNode = JSON.createArrayBuilder();
        for (String answer : nodes.ask(NODE_STATS, "")) {
            JsonObject node;
            try {
                node = JSON.createReader(new StringReader(answer)).readObject();
            } catch (RuntimeException e) {
                continue; // a node of another version
            }
            for (String field : FIELDS) {
                if (node.get(field) instanceof JsonNumber number) {
                    sums.merge(field, number.longValue(), Long::sum);
                }
            }
            perNode.add(node);
        }
        JsonObjectBuilder answer = JSON.createObjectBuilder();
        sums.forEach(answer::add);
        return answer.add("nodes", perNode).build();
    }

    void asked(@Observes NodeMessage message) {
        if (!message.is(NODE_STATS)) {
            return;
        }
        Metrics.Stats stats = metrics.stats();
        message.answer(JSON.createObjectBuilder()
                .add("node", nodes.node())
                .add("connections", stats.connections())
                .add("users", stats.users())
                .add("channels", stats.channels())
                .add("published", stats.published())
                .add("throttled", stats.throttled())
                .add("deliveries", stats.deliveries())
                .add("droppedFrames", stats.droppedFrames())
                .add("conflatedEvents", stats.conflatedEvents())
                .add("slowConsumerCloses", stats.slowConsumerCloses())
                .add("authFailures", stats.authFailures())
                .add("apiRefused", stats.apiRefused())
                .build()
                .toString());
    }
}
