package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.NodePair;
import io.tidings.support.RedisCluster;
import io.tidings.support.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (Payara Micro and WildFly) on a Redis Cluster of three masters: channels whose slots lie on every master
 * reach the subscribers of both nodes with one offset, whichever node accepted them.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.tidings.support.NodeLogsOnFailure.class)
class ClusterNodesIT {

    @AutoClose
    private static RedisCluster redis;

    @AutoClose
    private static NodePair nodes;

    @BeforeAll
    static void start() {
        redis = RedisCluster.start();
        nodes = NodePair.start(Map.of("tidings.redis.url", redis.url(), "tidings.redis.probe.seconds", "2"));
    }

    @Test
    void channelsOnEveryMasterReachBothNodesWithOneOffset() {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            channels.add("trades:SLOT" + i);
        }
        try (TestClient onPayara = TestClient.connect(nodes.payara().ws("ws"));
                TestClient onWildFly = TestClient.connect(nodes.wildfly().ws("ws"))) {
            for (String channel : channels) {
                assertEquals(
                        onPayara.subscribe(channel).getString("epoch"),
                        onWildFly.subscribe(channel).getString("epoch"));
            }
            for (int i = 0; i < channels.size(); i++) {
                String channel = channels.get(i);
                var through = i % 2 == 0 ? nodes.payara() : nodes.wildfly();
                long offset = through.api()
                        .publish(
                                channel,
                                "trade",
                                Json.createObjectBuilder().add("n", i).build())
                        .getJsonNumber("offset")
                        .longValue();
                for (TestClient client : List.of(onPayara, onWildFly)) {
                    JsonObject event = client.awaitEvent(channel);
                    assertEquals(offset, event.getJsonNumber("offset").longValue(), channel);
                    assertEquals(i, event.getJsonObject("data").getInt("n"));
                }
            }
        }
    }
}
