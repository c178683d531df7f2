package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Api;
import io.tidings.support.Await;
import io.tidings.support.Node;
import io.tidings.support.NodePair;
import io.tidings.support.RedisSentinels;
import io.tidings.support.TestClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (Payara Micro and WildFly) on a Redis watched by three Sentinels: when the master is killed, the Sentinels
 * promote its replica, the nodes follow by themselves, publishing through either resumes and the subscribers of
 * both, still connected, receive what is published after the failover, in order.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.tidings.support.NodeLogsOnFailure.class)
class SentinelFailoverIT {

    @AutoClose
    private static RedisSentinels redis;

    @AutoClose
    private static NodePair nodes;

    @BeforeAll
    static void start() {
        redis = RedisSentinels.start();
        nodes = NodePair.start(java.util.Map.of(
                "tidings.redis.url", redis.url(),
                "tidings.redis.timeout.millis", "1000",
                "tidings.redis.probe.seconds", "2"));
    }

    @Test
    void aKilledMasterIsReplacedAndNothingPublishedAfterwardsIsMissed() {
        String channel = "trades:FAILOVER";
        try (TestClient onPayara = TestClient.connect(nodes.payara().ws("ws"));
                TestClient onWildFly = TestClient.connect(nodes.wildfly().ws("ws"))) {
            onPayara.subscribe(channel);
            onWildFly.subscribe(channel);
            long before = nodes.payara()
                    .api()
                    .publish(channel, "trade", number(0))
                    .getJsonNumber("offset")
                    .longValue();
            assertEquals(
                    before, onPayara.awaitEvent(channel).getJsonNumber("offset").longValue());
            assertEquals(
                    before,
                    onWildFly.awaitEvent(channel).getJsonNumber("offset").longValue());

            redis.awaitReplicated(); // what the master took and the replica not yet is lost (docs/operations.md)
            int old = redis.killMaster();
            Await.until("the Sentinels promote the replica", Duration.ofSeconds(30), () -> redis.masterPort() != old);

            long first = publishOnceAccepted(nodes.wildfly(), channel);
            for (Node node : nodes.both()) {
                Await.until(node + " ready", Duration.ofSeconds(15), node::ready);
            }
            for (int n = 1; n < 6; n++) {
                Node through = n % 2 == 0 ? nodes.wildfly() : nodes.payara();
                assertEquals(
                        first + n,
                        through.api()
                                .publish(channel, "trade", number(n))
                                .getJsonNumber("offset")
                                .longValue());
            }
            long[] expected =
                    java.util.stream.LongStream.range(first, first + 6).toArray();
            for (TestClient subscriber : List.of(onPayara, onWildFly)) {
                assertArrayEquals(expected, subscriber.awaitEvents(channel, 6), "after the failover, in order");
            }
        }
    }

    /** Publishes until the node has followed the Sentinels to the new master (503 until then) and returns the offset. */
    private static long publishOnceAccepted(Node node, String channel) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"trade\",\"data\":{\"n\":0}}";
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = node.api().post("api/publish", body, "X-API-Key", Api.KEY);
            if (last.statusCode() == 200) {
                return Api.json(last.body()).getJsonNumber("offset").longValue();
            }
            assertEquals(503, last.statusCode(), last.body());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling a state, with a deadline
        }
        return fail(node + " did not publish within 30 s of the failover; last answer: " + last.body());
    }

    private static JsonObject number(int n) {
        return jakarta.json.Json.createObjectBuilder().add("n", n).build();
    }
}
