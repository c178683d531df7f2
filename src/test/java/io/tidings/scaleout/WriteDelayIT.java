package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.Api;
import io.tidings.support.Node;
import io.tidings.support.NodeLogsOnFailure;
import io.tidings.support.NodePair;
import io.tidings.support.RawClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node with a write delay ({@code tidings.delivery.write.delay.millis}) gathers each connection's events of the
 * delay into one write, on both runtimes: two events published one after the other reach a client that asked for
 * {@code tidings.v1.batch} as the lines of one message, and any other client as two messages, in order. Without the
 * delay the first leaves alone at once (nothing else is waiting on an idle node). Local nodes: no Redis.
 */
@ExtendWith(NodeLogsOnFailure.class)
class WriteDelayIT {

    @AutoClose
    private static NodePair nodes;

    @BeforeAll
    static void start() {
        // long enough that two publications over the API always fall within one delivery thread's turn
        // and heartbeats rare: a ping queued between the two would take the first event along (as it should)
        nodes = NodePair.start(
                Map.of("tidings.delivery.write.delay.millis", "1000", "tidings.heartbeat.seconds", "60"));
    }

    @Test
    void eventsPublishedWithinTheDelayLeaveTogether() throws IOException {
        for (Node node : nodes.both()) {
            String channel =
                    "trades:W" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            try (RawClient batching = RawClient.connectAsking(node.ws("ws"), 0, "tidings.v1.batch, tidings.v1");
                    RawClient plain = RawClient.connectAsking(node.ws("ws"), 0, "tidings.v1")) {
                batching.subscribe(channel);
                plain.subscribe(channel);

                for (int n = 1; n <= 2; n++) {
                    node.api()
                            .publish(
                                    channel,
                                    "trade",
                                    Json.createObjectBuilder().add("n", n).build());
                }

                List<String> lines = Arrays.asList(batching.nextText().split("\n", -1));
                assertEquals(2, lines.size(), node + ": both events of the delay in one message, as two lines");
                assertEquals(List.of(1, 2), lines.stream().map(WriteDelayIT::n).toList(), node + ": in order");
                assertEquals(1, n(plain.nextText()), node + ": a plain client gets one message per event");
                assertEquals(2, n(plain.nextText()), node + ": in order");
            }
        }
    }

    private static int n(String line) {
        JsonObject event = Api.json(line);
        assertEquals("event", event.getString("type"), line);
        return event.getJsonObject("data").getInt("n");
    }
}
