package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.Await;
import io.tidings.support.Node;
import io.tidings.support.NodeLogsOnFailure;
import io.tidings.support.NodePair;
import io.tidings.support.RawClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The start-up warm-up ({@code tidings.warmup.publications}), on both runtimes: a node says it is ready only once its
 * own connections have read every warm-up event, then closes them and serves clients as any node; a warm-up that
 * cannot run (its connections refused) does not keep the node from being ready. {@link Node#start} returns at the
 * first {@code /health/ready} that answers 200.
 */
@ExtendWith(NodeLogsOnFailure.class)
class WarmupIT {

    private static final int PUBLICATIONS = 2_000;
    private static final int CONNECTIONS = 20;

    @Test
    void aNodeIsReadyOnlyOnceItsWarmUpHasRunAndThenServesAsAnyNode() throws IOException {
        try (NodePair nodes = NodePair.start(Map.of(
                "tidings.warmup.publications", String.valueOf(PUBLICATIONS),
                "tidings.warmup.connections", String.valueOf(CONNECTIONS)))) {
            for (Node node : nodes.both()) {
                JsonObject stats = node.api().stats();
                assertEquals(PUBLICATIONS, stats.getJsonNumber("published").longValue(), node + ": " + stats);
                assertTrue(
                        stats.getJsonNumber("deliveries").longValue() >= (long) PUBLICATIONS * CONNECTIONS,
                        node + ": every warm-up connection read every event before the node was ready: " + stats);
                assertEquals(0, stats.getJsonNumber("droppedFrames").longValue(), node + ": " + stats);
                assertTrue(node.logged("Warmed up: " + PUBLICATIONS + " publications"), node + " logged its warm-up");
                Await.until(
                        node + " closes the warm-up's connections",
                        Duration.ofSeconds(20),
                        () -> node.api().stats().getInt("connections") == 0);
                assertServes(node);
            }
        }
    }

    @Test
    void aWarmUpThatCannotRunLeavesTheNodeReadyWithoutIt() throws IOException {
        // room for fewer connections than the warm-up opens: the rest are refused with 1013
        try (NodePair nodes = NodePair.start(Map.of(
                "tidings.warmup.publications", String.valueOf(PUBLICATIONS),
                "tidings.warmup.connections", String.valueOf(CONNECTIONS),
                "tidings.limits.connections", "5"))) {
            for (Node node : nodes.both()) {
                assertTrue(node.ready(), node + " is ready");
                assertTrue(
                        node.logged("The warm-up ended early"), node + " tried to warm up and said why it could not");
                assertEquals(0, node.api().stats().getJsonNumber("published").longValue(), node + ": no warm-up");
                Await.until(
                        node + " closes the warm-up's connections",
                        Duration.ofSeconds(20),
                        () -> node.api().stats().getInt("connections") == 0);
                assertServes(node);
            }
        }
    }

    private static void assertServes(Node node) throws IOException {
        try (RawClient client = RawClient.connectAsking(node.ws("ws"), 0, "tidings.v1")) {
            client.subscribe("trades:AFTERWARMUP");
            node.api()
                    .publish(
                            "trades:AFTERWARMUP",
                            "trade",
                            Json.createObjectBuilder().add("n", 1).build());
            JsonObject event = Api.json(client.nextText());
            assertEquals("event", event.getString("type"), node + ": " + event);
            assertEquals(1, event.getJsonObject("data").getInt("n"), node + ": " + event);
        }
    }
}
