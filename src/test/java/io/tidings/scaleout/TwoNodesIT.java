package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.Await;
import io.tidings.support.Node;
import io.tidings.support.NodePair;
import io.tidings.support.NodeScript;
import io.tidings.support.RedisServer;
import io.tidings.support.TcpProxy;
import io.tidings.support.TestClient;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Tidings nodes, one on Payara Micro and one on WildFly, over one real Redis: whichever node accepts a
 * publication, every subscriber on either node gets it with the same offset, in one order; a client of a node that
 * dies recovers from the other; Redis going away and coming back (with its data or without) loses nothing published
 * after it is back and never replays a wrong history. Redis is persistent here ({@code appendfsync always}) and
 * wiped for the restart without persistence. The node killed is killed last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(io.tidings.support.NodeLogsOnFailure.class)
class TwoNodesIT {

    private static final Duration READINESS = Duration.ofSeconds(15);

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private static NodePair nodes;

    private static Node payara;
    private static Node wildfly;

    @BeforeAll
    static void start() {
        redis = RedisServer.startPersistent();
        nodes = NodePair.start(Map.of(
                "tidings.redis.url", redis.url(),
                "tidings.redis.timeout.millis", "1000",
                "tidings.redis.probe.seconds", "2",
                // a killed node's users leave and free their places within 3 s
                "tidings.presence.ttl.seconds", "3",
                "tidings.presence.grace.seconds", "1",
                "tidings.limits.connections.per.user", "2"));
        payara = nodes.payara();
        wildfly = nodes.wildfly();
    }

    @Test
    @Order(1)
    void aPublicationThroughEitherNodeReachesBothWithOneOffset() {
        String channel = "trades:ONEOFFSET";
        try (TestClient onPayara = TestClient.connect(payara.ws("ws"));
                TestClient onWildFly = TestClient.connect(wildfly.ws("ws"))) {
            JsonObject subscribed = onPayara.subscribe(channel);
            assertEquals(
                    subscribed.getString("epoch"), onWildFly.subscribe(channel).getString("epoch"));

            JsonObject first = payara.api().publish(channel, "trade", number(1));
            JsonObject second = wildfly.api().publish(channel, "trade", number(2));

            assertEquals(first.getString("epoch"), second.getString("epoch"));
            assertEquals(
                    first.getJsonNumber("offset").longValue() + 1,
                    second.getJsonNumber("offset").longValue());
            for (TestClient client : List.of(onPayara, onWildFly)) {
                for (JsonObject accepted : List.of(first, second)) {
                    JsonObject event = client.awaitEvent(channel);
                    assertEquals(
                            accepted.getJsonNumber("offset").longValue(),
                            event.getJsonNumber("offset").longValue());
                }
            }
        }
    }

    @Test
    @Order(2)
    void publicationsInterleavedOnBothNodesArriveInOneOrderEverywhere() {
        String channel = "trades:INTERLEAVED";
        int each = 500;
        List<TestClient> clients = List.of(
                TestClient.connect(payara.ws("ws")),
                TestClient.connect(payara.ws("ws")),
                TestClient.connect(wildfly.ws("ws")),
                TestClient.connect(wildfly.ws("ws")));
        try {
            long before = clients.stream()
                    .mapToLong(client ->
                            client.subscribe(channel).getJsonNumber("offset").longValue())
                    .max()
                    .orElseThrow();
            Set<Long> offsets = new ConcurrentSkipListSet<>();
            CompletableFuture<Void> throughPayara =
                    CompletableFuture.runAsync(() -> publish(payara.api(), channel, 1, each, offsets));
            publish(wildfly.api(), channel, each + 1, each, offsets);
            throughPayara.join();

            long[] expected =
                    LongStream.rangeClosed(before + 1, before + 2L * each).toArray();
            assertEquals(LongStream.of(expected).boxed().toList(), new ArrayList<>(offsets), "one offset each");
            for (TestClient client : clients) {
                assertArrayEquals(expected, client.awaitEvents(channel, 2 * each), "one order, growing by one");
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    @Order(3)
    void aUsersEventsReachItsConnectionsOnBothNodes() {
        String token = Tokens.hs256("nodes-alice");
        String channel = "user:nodes-alice:orders";
        try (TestClient onPayara = TestClient.connect(withToken(payara, token));
                TestClient onWildFly = TestClient.connect(withToken(wildfly, token))) {
            onPayara.subscribe(channel);
            onWildFly.subscribe(channel);

            long offset = wildfly.api()
                    .publish(channel, "order.filled", number(7))
                    .getJsonNumber("offset")
                    .longValue();

            for (TestClient client : List.of(onPayara, onWildFly)) {
                JsonObject event = client.awaitEvent(channel);
                assertEquals(offset, event.getJsonNumber("offset").longValue());
                assertEquals(7, event.getJsonObject("data").getInt("n"));
            }
        }
    }

    @Test
    @Order(4)
    void oneIdempotencyKeyThroughBothNodesPublishesOnce() {
        String channel = "trades:IDEMPOTENT";
        try (TestClient subscriber = TestClient.connect(wildfly.ws("ws"))) {
            subscriber.subscribe(channel);
            String body = Json.createObjectBuilder()
                    .add("channel", channel)
                    .add("event", "trade")
                    .add("data", number(1))
                    .build()
                    .toString();

            JsonObject first = accepted(
                    payara.api().post("api/publish", body, "X-API-Key", Api.KEY, "Idempotency-Key", "trade-41"));
            JsonObject retry = accepted(
                    wildfly.api().post("api/publish", body, "X-API-Key", Api.KEY, "Idempotency-Key", "trade-41"));

            assertFalse(first.getBoolean("repeated", false));
            assertTrue(retry.getBoolean("repeated", false), retry::toString);
            assertEquals(first.getJsonNumber("offset"), retry.getJsonNumber("offset"));
            assertEquals(first.getString("epoch"), retry.getString("epoch"));
            long next = wildfly.api()
                    .publish(channel, "trade", number(2))
                    .getJsonNumber("offset")
                    .longValue();
            assertArrayEquals(
                    new long[] {first.getJsonNumber("offset").longValue(), next},
                    subscriber.awaitEvents(channel, 2),
                    "the retry delivered nothing");
            assertEquals(first.getJsonNumber("offset").longValue() + 1, next);
        }
    }

    @Test
    @Order(5)
    void aRedisRestartWithItsDataKeepsEveryPositionAndLosesNothing() {
        String channel = "trades:KEPT";
        try (TestClient onPayara = TestClient.connect(payara.ws("ws"));
                TestClient onWildFly = TestClient.connect(wildfly.ws("ws"))) {
            onPayara.subscribe(channel);
            onWildFly.subscribe(channel);
            JsonObject before = wildfly.api().publish(channel, "trade", number(1));
            onPayara.awaitEvent(channel);
            onWildFly.awaitEvent(channel);

            redis.stop();
            outage(channel, onPayara, onWildFly);
            redis.restart();
            awaitReady(true);

            long first = before.getJsonNumber("offset").longValue() + 1;
            assertAfterRestart(channel, first, List.of(onPayara, onWildFly));
            try (TestClient late = TestClient.connect(payara.ws("ws"))) {
                JsonObject recovered = subscribeSince(late, channel, before);
                assertTrue(recovered.getBoolean("recovered"), recovered::toString);
                assertEquals(before.getString("epoch"), recovered.getString("epoch"));
                assertArrayEquals(LongStream.range(first, first + 5).toArray(), late.awaitEvents(channel, 5));
            }
        }
    }

    @Test
    @Order(6)
    void aRedisRestartWithoutItsDataStartsANewEpochAndNeverReplaysTheOld() {
        String channel = "trades:LOST";
        try (TestClient onPayara = TestClient.connect(payara.ws("ws"));
                TestClient onWildFly = TestClient.connect(wildfly.ws("ws"))) {
            onPayara.subscribe(channel);
            onWildFly.subscribe(channel);
            JsonObject before = payara.api().publish(channel, "trade", number(1));
            onPayara.awaitEvent(channel);
            onWildFly.awaitEvent(channel);

            redis.wipe();
            outage(channel, onPayara, onWildFly);
            redis.restart();
            awaitReady(true);

            assertAfterRestart(channel, 1, List.of(onPayara, onWildFly));
            try (TestClient late = TestClient.connect(wildfly.ws("ws"))) {
                JsonObject answer = subscribeSince(late, channel, before);
                assertFalse(answer.getBoolean("recovered"), answer::toString);
                assertNotEquals(before.getString("epoch"), answer.getString("epoch"));
            }
        }
    }

    @Test
    @Order(7)
    void aClientOfAKilledNodeRecoversEveryMissedEventFromTheOtherAndItsUserLeavesWithinTheTtl() throws Exception {
        NodeScript.requireHarness("node_modules/socket.io-client", "socket.io-client");
        // a Socket.IO client (the official one) on the Payara node, through a proxy that will lead it to the other
        TcpProxy proxy = TcpProxy.to(payara.port());
        NodeScript socketIo = NodeScript.start(
                "socketio-client.mjs", "recover", "http://127.0.0.1:" + proxy.port() + "/", "SIOSURVIVOR");
        socketIo.await("connect recovered false");
        socketIo.await("subscribed both");
        wildfly.api().publish("ticker:SIOSURVIVOR", "ticker.update", number(1));
        socketIo.await("received 1");

        String channel = "trades:SURVIVOR";
        String presence = "presence:" + channel;
        String token = Tokens.hs256("nodes-gone");
        TestClient onPayara = TestClient.connect(withToken(payara, token));
        TestClient again = TestClient.connect(withToken(payara, token));
        onPayara.subscribe(channel);
        JsonObject seen = wildfly.api().publish(channel, "trade", number(1));
        assertEquals(
                seen.getJsonNumber("offset").longValue(),
                onPayara.awaitEvent(channel).getJsonNumber("offset").longValue());
        try (TestClient watcher = TestClient.connect(withToken(wildfly, Tokens.hs256("nodes-watcher")))) {
            watcher.subscribe(presence);
            JsonObject members = watcher.await(f -> "members".equals(f.getString("event", null)));
            assertEquals(
                    "nodes-gone",
                    members.getJsonObject("data")
                            .getJsonArray("members")
                            .getJsonObject(0)
                            .getString("user"),
                    members::toString);
            try (TestClient third = TestClient.open(
                    withToken(wildfly, token),
                    jakarta.websocket.ClientEndpointConfig.Builder.create().build())) {
                assertEquals(1013, third.awaitClose().getCloseCode().getCode(), "two on the Payara node: full");
            }

            long killed = System.nanoTime();
            payara.kill();
            assertEquals(1006, onPayara.awaitClose().getCloseCode().getCode());
            socketIo.await("disconnect transport close");
            wildfly.api().publish("trades:SIOSURVIVOR", "trade", number(2));
            again.awaitClose();
            JsonObject leave = watcher.await(f -> "leave".equals(f.getString("event", null)));
            assertEquals("nodes-gone", leave.getJsonObject("data").getString("user"));
            assertTrue(
                    System.nanoTime() - killed < Duration.ofSeconds(3 + 2).toNanos(),
                    "the leave comes within the presence TTL (3 s; 2 more for a loaded machine)");
            Await.until("the killed node's connections stop counting", Duration.ofSeconds(5), () -> {
                try (TestClient place = TestClient.open(
                        withToken(wildfly, token),
                        jakarta.websocket.ClientEndpointConfig.Builder.create().build())) {
                    JsonObject frame = place.awaitFrameOrClose();
                    return frame != null && "connected".equals(frame.getString("type", null));
                }
            });
        }

        long first = seen.getJsonNumber("offset").longValue() + 1;
        for (int n = 2; n <= 11; n++) {
            wildfly.api().publish(channel, "trade", number(n));
        }

        // its session is in Redis: on the other node, the Socket.IO client recovers it with what it missed
        wildfly.api().publish("ticker:SIOSURVIVOR", "ticker.update", number(3));
        wildfly.api().publish("ticker:SIOSURVIVOR", "ticker.update", number(4));
        proxy.retarget(wildfly.port());
        socketIo.await("connect recovered true");
        socketIo.awaitAll("received 2", "received 3", "received 4");
        wildfly.api().publish("ticker:SIOSURVIVOR", "ticker.update", number(5));
        socketIo.await("all 1,2,3,4,5");
        assertEquals(0, socketIo.exit(), socketIo::toString);
        proxy.close();

        try (TestClient reconnected = TestClient.connect(wildfly.ws("ws"))) {
            JsonObject answer = subscribeSince(reconnected, channel, seen);
            assertTrue(answer.getBoolean("recovered"), answer::toString);
            long live = wildfly.api()
                    .publish(channel, "trade", number(12))
                    .getJsonNumber("offset")
                    .longValue();
            assertArrayEquals(
                    LongStream.rangeClosed(first, live).toArray(),
                    reconnected.awaitEvents(channel, (int) (live - first + 1)),
                    "every missed event once, in order, then the live one");
        }
    }

    /** While Redis is away: both nodes not ready, publishing refused with 503, subscribers still connected. */
    private static void outage(String channel, TestClient... subscribers) {
        awaitReady(false);
        for (Node node : List.of(payara, wildfly)) {
            HttpResponse<String> refused = node.api()
                    .post(
                            "api/publish",
                            "{\"channel\":\"" + channel + "\",\"event\":\"trade\",\"data\":{}}",
                            "X-API-Key",
                            Api.KEY);
            assertEquals(503, refused.statusCode(), refused::body);
            assertEquals("unavailable", Api.json(refused.body()).getString("code"));
        }
        for (TestClient subscriber : subscribers) {
            subscriber.sendFields("type", "ping", "id", "during-outage");
            assertEquals(
                    "pong",
                    subscriber
                            .await(f -> "during-outage".equals(f.getString("id", null)))
                            .getString("type"));
        }
    }

    /** Five publications alternating between the nodes reach every subscriber in order from {@code first}. */
    private static void assertAfterRestart(String channel, long first, List<TestClient> subscribers) {
        for (int n = 0; n < 5; n++) {
            Node node = n % 2 == 0 ? payara : wildfly;
            assertEquals(
                    first + n,
                    node.api()
                            .publish(channel, "trade", number(n))
                            .getJsonNumber("offset")
                            .longValue());
        }
        for (TestClient subscriber : subscribers) {
            assertArrayEquals(LongStream.range(first, first + 5).toArray(), subscriber.awaitEvents(channel, 5));
        }
    }

    private static void awaitReady(boolean ready) {
        for (Node node : List.of(payara, wildfly)) {
            Await.until(node + (ready ? " ready" : " not ready"), READINESS, () -> node.ready() == ready);
        }
    }

    private static void publish(Api api, String channel, int from, int count, Set<Long> offsets) {
        for (int n = from; n < from + count; n++) {
            offsets.add(api.publish(channel, "trade", number(n))
                    .getJsonNumber("offset")
                    .longValue());
        }
    }

    private static JsonObject subscribeSince(TestClient client, String channel, JsonObject position) {
        client.send(Json.createObjectBuilder()
                .add("type", "subscribe")
                .add("id", "since")
                .add("channel", channel)
                .add(
                        "since",
                        Json.createObjectBuilder()
                                .add("offset", position.getJsonNumber("offset"))
                                .add("epoch", position.getString("epoch")))
                .build()
                .toString());
        JsonObject answer = client.await(f -> "since".equals(f.getString("id", null)));
        assertEquals("subscribed", answer.getString("type"), answer::toString);
        return answer;
    }

    private static JsonObject accepted(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        return Api.json(response.body());
    }

    private static URI withToken(Node node, String token) {
        return URI.create(node.ws("ws") + "?token=" + token);
    }

    private static JsonObject number(int n) {
        return Json.createObjectBuilder().add("n", n).build();
    }
}
