package io.tidings.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.Await;
import io.tidings.support.Node;
import io.tidings.support.NodePair;
import io.tidings.support.RedisServer;
import io.tidings.support.TestClient;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user sees is the same whichever node their connections landed on (two nodes, one Payara Micro and one
 * WildFly, over one real Redis): conversation members, unread counts, and a disconnect reach every node before the
 * call that changed them returns; the state a new subscriber gets is the same on every node.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.tidings.support.NodeLogsOnFailure.class)
class SharedStateIT {

    private static final java.time.Duration READINESS = java.time.Duration.ofSeconds(10);

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private static NodePair nodes;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodes = NodePair.start(Map.of(
                "tidings.redis.url", redis.url(),
                "tidings.redis.probe.seconds", "2",
                // a Redis that does not answer in time lets each node count alone: not on a loaded test machine
                "tidings.redis.timeout.millis", "5000",
                "tidings.limits.connections.per.user", "3",
                "tidings.presence.grace.seconds", "2"));
    }

    @Test
    void aMemberTakenOutThroughOneNodeStopsReceivingOnTheOtherBeforeTheCallReturns() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String conversation = "c" + tag;
        String channel = "conversation:" + conversation;
        String member = "member-" + tag;
        String stays = "stays-" + tag;
        nodes.payara().api().setMembers(conversation, member, stays);
        try (TestClient removed = TestClient.connect(withToken(nodes.wildfly(), "messaging", member));
                TestClient other = TestClient.connect(withToken(nodes.payara(), "messaging", stays))) {
            removed.subscribe(channel);
            other.subscribe(channel);

            nodes.payara().api().setMembers(conversation, stays);

            JsonObject told = removed.await(f -> "unsubscribed".equals(f.getString("type", null)));
            assertEquals(channel, told.getString("channel"));
            assertFalse(told.containsKey("id"), "nobody asked");
            removed.send("{\"type\":\"subscribe\",\"id\":\"again\",\"channel\":\"" + channel + "\"}");
            JsonObject again = removed.await(f -> "again".equals(f.getString("id", null)));
            assertEquals("forbidden", again.getString("code", null), "the other node knows at once: " + again);

            long offset = nodes.wildfly()
                    .api()
                    .publish(
                            channel,
                            "message",
                            Json.createObjectBuilder().add("n", 1).build())
                    .getJsonNumber("offset")
                    .longValue();
            assertEquals(
                    offset, other.awaitEvent(channel).getJsonNumber("offset").longValue());
            removed.sendFields("type", "ping", "id", "after");
            removed.await(f -> "after".equals(f.getString("id", null)));
            assertTrue(
                    removed.seen().stream().noneMatch(f -> "event".equals(f.getString("type", null))),
                    () -> "the removed member got an event: " + removed.seen());
        }
    }

    @Test
    void tabsOfAUserOnBothNodesShowOneUnreadCount() {
        String user = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        String channel = "user:" + user + ":notifications";
        try (TestClient onPayara = TestClient.connect(withToken(nodes.payara(), "notifications", user));
                TestClient onWildFly = TestClient.connect(withToken(nodes.wildfly(), "notifications", user))) {
            for (TestClient tab : List.of(onPayara, onWildFly)) {
                tab.awaitType("subscribed");
                assertEquals(0, unreadCount(tab));
            }
            nodes.payara().api().publish(channel, "notification", notification("n1"));
            nodes.wildfly().api().publish(channel, "notification", notification("n2"));
            for (TestClient tab : List.of(onPayara, onWildFly)) {
                assertEquals(1, unreadCount(tab));
                assertEquals(2, unreadCount(tab), "counted once, whichever node took the publication");
            }

            onWildFly.sendFields("type", "notification:read", "id", "r1", "notificationId", "n1");
            assertEquals(1, unreadCount(onPayara), "the tab on the other node agrees");
            assertEquals(1, unreadCount(onWildFly));
            onPayara.sendFields("type", "notification:read-all", "id", "r2");
            assertEquals(0, unreadCount(onWildFly));
            assertEquals(0, unreadCount(onPayara));
        }
    }

    @Test
    void aDisconnectThroughOneNodeClosesTheUsersConnectionsOnBoth() {
        String user = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient onPayara = TestClient.connect(withToken(nodes.payara(), "ws", user));
                TestClient onWildFly = TestClient.connect(withToken(nodes.wildfly(), "ws", user))) {
            HttpResponse<String> answer =
                    nodes.wildfly().api().post("api/users/" + user + "/disconnect", "", "X-API-Key", Api.KEY);

            assertEquals(200, answer.statusCode(), answer::body);
            assertEquals(2, Api.json(answer.body()).getInt("disconnected"), "both nodes' connections");
            assertEquals(4011, onPayara.awaitClose().getCloseCode().getCode());
            assertEquals(4011, onWildFly.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void aNewSubscriberOnEitherNodeGetsTheLatestStateWhicheverNodeTookIt() {
        String channel =
                "tokens:STATE" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        nodes.payara()
                .api()
                .publish(
                        channel,
                        "token_data",
                        Json.createObjectBuilder().add("n", 1).build());
        nodes.payara()
                .api()
                .publish(
                        channel,
                        "token_data",
                        Json.createObjectBuilder().add("n", 2).build());
        for (Node node : nodes.both()) {
            try (TestClient late = TestClient.connect(node.ws("ws"))) {
                late.subscribe(channel);
                JsonObject state = late.awaitEvent(channel);
                assertEquals(2, state.getJsonObject("data").getInt("n"), node + ": the latest");
                assertFalse(state.containsKey("offset"), "state, not a live event");
            }
        }
    }

    @Test
    void theConnectionsOfBothNodesAreListedByEither() {
        String user = "listed-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient onPayara = TestClient.connect(withToken(nodes.payara(), "ws", user));
                TestClient onWildFly = TestClient.connect(withToken(nodes.wildfly(), "ws", user))) {
            for (Node asked : nodes.both()) {
                HttpResponse<String> answer = asked.api().get("api/connections", "X-API-Key", Api.KEY);
                assertEquals(200, answer.statusCode(), answer::body);
                JsonObject listing = Api.json(answer.body());
                assertEquals(2, listing.getJsonArray("nodes").size(), listing::toString);
                List<String> nodesOfTheUser = listing.getJsonArray("connections").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(c -> user.equals(c.getString("user", null)))
                        .map(c -> c.getString("node"))
                        .distinct()
                        .toList();
                assertEquals(2, nodesOfTheUser.size(), () -> "one connection on each node: " + listing);
                assertTrue(listing.getInt("total") >= 2, listing::toString);
            }
        }
    }

    @Test
    void theStatsOfEitherNodeSumEveryNodeAndListEach() {
        String user = "counted-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient onPayara = TestClient.connect(withToken(nodes.payara(), "ws", user));
                TestClient onWildFly = TestClient.connect(withToken(nodes.wildfly(), "ws", user))) {
            for (Node asked : nodes.both()) {
                HttpResponse<String> answer = asked.api().get("api/stats", "X-API-Key", Api.KEY);
                assertEquals(200, answer.statusCode(), answer::body);
                JsonObject stats = Api.json(answer.body());
                List<JsonObject> each = stats.getJsonArray("nodes").stream()
                        .map(JsonValue::asJsonObject)
                        .toList();
                assertEquals(2, each.size(), stats::toString);
                assertEquals(
                        2,
                        each.stream().map(n -> n.getString("node")).distinct().count());
                assertTrue(each.stream().allMatch(n -> n.getInt("connections") >= 1), stats::toString);
                assertEquals(
                        each.stream().mapToInt(n -> n.getInt("connections")).sum(),
                        stats.getInt("connections"),
                        stats::toString);
            }
        }
    }

    @Test
    void theMonitorOnEitherNodeHearsEveryNode() {
        try (TestClient admin = TestClient.connect(withToken(nodes.payara(), "admin", "root", "admin"))) {
            admin.subscribe("monitor:stats");
            java.util.Set<String> heard = new java.util.HashSet<>();
            while (heard.size() < 2) {
                JsonObject stats = admin.awaitEvent("monitor:stats").getJsonObject("data");
                heard.add(stats.getString("node"));
                assertTrue(stats.getJsonObject("redis").getBoolean("reachable"), stats::toString);
            }
        }
    }

    @Test
    void theConnectionLimitOfAUserCountsEveryNode() {
        String user = "many-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient first = TestClient.connect(withToken(nodes.payara(), "ws", user));
                TestClient second = TestClient.connect(withToken(nodes.payara(), "ws", user));
                TestClient third = TestClient.connect(withToken(nodes.wildfly(), "ws", user))) {
            try (TestClient fourth = TestClient.open(
                    withToken(nodes.wildfly(), "ws", user),
                    jakarta.websocket.ClientEndpointConfig.Builder.create().build())) {
                assertEquals(1013, fourth.awaitClose().getCloseCode().getCode(), "three on two nodes: full");
            }
            first.close();
            Await.until("the place freed on the Payara node serves the WildFly node", READINESS, () -> {
                try (TestClient again = TestClient.open(
                        withToken(nodes.wildfly(), "ws", user),
                        jakarta.websocket.ClientEndpointConfig.Builder.create().build())) {
                    JsonObject frame = again.awaitFrameOrClose();
                    return frame != null && "connected".equals(frame.getString("type", null));
                }
            });
        }
    }

    @Test
    void aUserOnBothNodesJoinsOnceAndLeavesOnceTheGraceAfterItsLastConnectionAnywhere() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String channel = "trades:R" + tag;
        String presence = "presence:" + channel;
        String pat = "pat-" + tag;
        String quinn = "quinn-" + tag;
        try (TestClient watcher = TestClient.connect(withToken(nodes.wildfly(), "ws", "watcher-" + tag))) {
            watcher.subscribe(presence);
            TestClient quinnOnPayara = TestClient.connect(withToken(nodes.payara(), "ws", quinn));
            quinnOnPayara.subscribe(channel);
            assertEquals(quinn, joinOrLeave(watcher, presence, "join"));
            TestClient patOnPayara = TestClient.connect(withToken(nodes.payara(), "ws", pat));
            patOnPayara.subscribe(channel);
            assertEquals(pat, joinOrLeave(watcher, presence, "join"));
            try (TestClient patOnWildFly = TestClient.connect(withToken(nodes.wildfly(), "ws", pat))) {
                patOnWildFly.subscribe(channel);
                for (Node asked : nodes.both()) {
                    JsonObject online = Api.json(asked.api()
                            .get("api/users/" + pat + "/presence", "X-API-Key", Api.KEY)
                            .body());
                    assertTrue(online.getBoolean("online"), online::toString);
                    assertEquals(2, online.getInt("connections"), () -> "both nodes' connections: " + online);
                }

                patOnPayara.close();
                Await.until(
                        "the Payara node let go of the closed connection",
                        READINESS,
                        () -> connectionsOf(nodes.payara(), pat) == 1);
                quinnOnPayara.close();
                // quinn leaves the grace period after closing, later than pat would have if it were left alone
                assertEquals(quinn, joinOrLeave(watcher, presence, "leave"));
                long closed = System.nanoTime();
                patOnWildFly.close();
                assertEquals(pat, joinOrLeave(watcher, presence, "leave"));
                assertTrue(
                        System.nanoTime() - closed
                                >= java.time.Duration.ofMillis(1500).toNanos(),
                        "the leave waits for the grace period");
            }
            List<String> presenceEvents = watcher.seen().stream()
                    .filter(f -> presence.equals(f.getString("channel", null)) && f.containsKey("event"))
                    .map(f ->
                            f.getString("event") + " " + f.getJsonObject("data").getString("user", ""))
                    .filter(e -> !e.startsWith("members"))
                    .toList();
            assertEquals(
                    List.of("join " + quinn, "join " + pat, "leave " + quinn, "leave " + pat),
                    presenceEvents,
                    "one join and one leave each, whichever node their connections were on");
        }
    }

    @Test
    void aCallRingsEveryDeviceOnBothNodesAndTheAnswerThroughOneNodeWinsEverywhere() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String caller = "caller-" + tag;
        String callee = "callee-" + tag;
        String callId = "call-" + tag;
        try (TestClient callerOnPayara = callDevice(nodes.payara(), caller);
                TestClient phoneOnPayara = callDevice(nodes.payara(), callee)) {
            TestClient laptopOnWildFly = callDevice(nodes.wildfly(), callee);
            callerOnPayara.send("{\"type\":\"video:offer\",\"id\":\"o1\",\"callId\":\"" + callId + "\",\"toUserId\":\""
                    + callee + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
            assertEquals(
                    "ack",
                    callerOnPayara
                            .await(f -> "o1".equals(f.getString("id", null)))
                            .getString("type"));
            phoneOnPayara.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            laptopOnWildFly.await(f -> "video:incoming-call".equals(f.getString("event", null)));

            laptopOnWildFly.send(callVerb("video:answer", "a1", callId, "\"answer\":{\"type\":\"answer\"}"));
            assertEquals(
                    "ack",
                    laptopOnWildFly
                            .await(f -> "a1".equals(f.getString("id", null)))
                            .getString("type"));
            callerOnPayara.await(f -> "video:answer".equals(f.getString("event", null)));
            JsonObject elsewhere = phoneOnPayara.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("answered_elsewhere", elsewhere.getJsonObject("data").getString("reason"));
            phoneOnPayara.send(callVerb("video:answer", "a2", callId, "\"answer\":{\"type\":\"answer\"}"));
            assertEquals(
                    "forbidden",
                    phoneOnPayara
                            .await(f -> "a2".equals(f.getString("id", null)))
                            .getString("code"),
                    "answered on the other node");

            callerOnPayara.send(
                    callVerb("video:ice-candidate", "i1", callId, "\"candidate\":{\"candidate\":\"from-caller\"}"));
            assertEquals(
                    "from-caller",
                    laptopOnWildFly
                            .await(f -> "video:ice-candidate".equals(f.getString("event", null)))
                            .getJsonObject("data")
                            .getJsonObject("candidate")
                            .getString("candidate"));

            phoneOnPayara.close();
            laptopOnWildFly.close(); // the callee's last /video-calls connection anywhere
            JsonObject end = callerOnPayara.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("disconnected", end.getJsonObject("data").getString("reason"));
            assertEquals(callee, end.getJsonObject("data").getString("fromUserId"));
        }
    }

    @Test
    void aRingingCallEndsWhenTheCalleesLastDeviceOnEitherNodeCloses() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String callee = "callee-" + tag;
        String callId = "ringing-" + tag;
        try (TestClient caller = callDevice(nodes.payara(), "caller-" + tag)) {
            TestClient phoneOnPayara = callDevice(nodes.payara(), callee);
            TestClient laptopOnWildFly = callDevice(nodes.wildfly(), callee);
            caller.send("{\"type\":\"video:offer\",\"id\":\"o1\",\"callId\":\"" + callId + "\",\"toUserId\":\"" + callee
                    + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
            laptopOnWildFly.await(f -> "video:incoming-call".equals(f.getString("event", null)));

            laptopOnWildFly.close();
            Await.until(
                    "the WildFly node let go of the laptop",
                    READINESS,
                    () -> connectionsOf(nodes.wildfly(), callee) == 1);
            caller.send(callVerb("video:ice-candidate", "i1", callId, "\"candidate\":{}"));
            assertEquals(
                    "ack",
                    caller.await(f -> "i1".equals(f.getString("id", null))).getString("type"),
                    "the phone still rings");

            phoneOnPayara.close();
            JsonObject end = caller.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("disconnected", end.getJsonObject("data").getString("reason"));
        }
    }

    /** How many connections of the user the nodes list, asked through this one. */
    private static long connectionsOf(Node node, String user) {
        return Api.json(node.api().get("api/connections", "X-API-Key", Api.KEY).body())
                .getJsonArray("connections")
                .stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> user.equals(c.getString("user", null)))
                .count();
    }

    private static TestClient callDevice(Node node, String user) {
        TestClient device = TestClient.connect(withToken(node, "video-calls", user));
        device.awaitType("subscribed");
        return device;
    }

    private static String callVerb(String type, String id, String callId, String extra) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\"," + extra + "}";
    }

    private static String joinOrLeave(TestClient watcher, String channel, String event) {
        return watcher.await(
                        f -> channel.equals(f.getString("channel", null)) && event.equals(f.getString("event", null)))
                .getJsonObject("data")
                .getString("user");
    }

    private static URI withToken(Node node, String namespace, String user, String... roles) {
        return URI.create(node.ws(namespace) + "?token=" + Tokens.hs256(user, roles));
    }

    private static URI withToken(Node node, String namespace, String user) {
        return URI.create(node.ws(namespace) + "?token=" + Tokens.hs256(user));
    }

    private static int unreadCount(TestClient client) {
        return client.await(f -> "unread_count".equals(f.getString("event", null)))
                .getJsonObject("data")
                .getInt("count");
    }

    private static JsonObject notification(String id) {
        return Json.createObjectBuilder()
                .add("notificationId", id)
                .add("title", "Deposit")
                .build();
    }
}
