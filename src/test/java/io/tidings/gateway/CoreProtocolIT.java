package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.NodeScript;
import io.tidings.support.SecureClient;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The core protocol on {@code /ws}, spoken by a real WebSocket client to the real WAR. */
class CoreProtocolIT extends TidingsIT {

    @Test
    void servesAtTheRootContext() {
        assertEquals("/", base.getPath().isEmpty() ? "/" : base.getPath());
        assertEquals(200, api.get("health/live").statusCode());
        assertEquals(200, api.get("health/ready").statusCode());
    }

    @Test
    void aDeploymentWithItsOwnKeyHasNoDevelopmentTokens() {
        HttpResponse<String> asked = api.get("dev/token?sub=alice");
        assertEquals(404, asked.statusCode());
        assertFalse(asked.body().contains("token\""), asked::body);
    }

    @Test
    void greetsWithConnected() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            JsonObject connected = client.seen().get(0);
            assertEquals("connected", connected.getString("type"));
            assertEquals("/ws", connected.getString("namespace"));
            assertEquals(JsonValue.NULL, connected.get("user"));
            assertFalse(connected.getString("session").isEmpty());
            assertEquals(1, connected.getInt("heartbeat"), "the test servers' heartbeat (arquillian.xml)");
            assertTrue(connected.getJsonNumber("ts").longValue() > 0);
        }
    }

    @Test
    void deliversPublicationsWithOffsetsIncreasingByOne() {
        String channel = uniqueTicker();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            JsonObject subscribed = client.subscribe(channel);
            assertEquals(0, subscribed.getJsonNumber("offset").longValue());
            String epoch = subscribed.getString("epoch");
            assertFalse(subscribed.containsKey("recovered"));

            for (int i = 1; i <= 3; i++) {
                JsonObject published = api.publish(channel, "ticker.update", price(i));
                assertEquals(i, published.getJsonNumber("offset").longValue());
                assertEquals(epoch, published.getString("epoch"));
            }
            for (int i = 1; i <= 3; i++) {
                JsonObject event = client.awaitEvent(channel);
                assertEquals(i, event.getJsonNumber("offset").longValue());
                assertEquals("ticker.update", event.getString("event"));
                assertEquals(String.valueOf(i), event.getJsonObject("data").getString("lastPrice"));
                assertTrue(event.getJsonNumber("ts").longValue() > 0);
            }
        }
    }

    @Test
    void subscribedCarriesTheLatestOffset() {
        String channel = uniqueTicker();
        api.publish(channel, "ticker.update", price(1));
        api.publish(channel, "ticker.update", price(2));
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            assertEquals(2, client.subscribe(channel).getJsonNumber("offset").longValue());
            api.publish(channel, "ticker.update", price(3));
            assertEquals(3, client.awaitEvent(channel).getJsonNumber("offset").longValue());
        }
    }

    @Test
    void everySubscriberReceives() {
        String channel = uniqueTicker();
        try (TestClient first = TestClient.connect(api.ws("ws"));
                TestClient second = TestClient.connect(api.ws("ws"))) {
            first.subscribe(channel);
            second.subscribe(channel);
            api.publish(channel, "ticker.update", price(7));
            assertEquals("7", first.awaitEvent(channel).getJsonObject("data").getString("lastPrice"));
            assertEquals("7", second.awaitEvent(channel).getJsonObject("data").getString("lastPrice"));
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        String dropped = uniqueTicker();
        String kept = uniqueTicker();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(dropped);
            client.subscribe(kept);
            client.send("{\"type\":\"unsubscribe\",\"id\":\"u1\",\"channel\":\"" + dropped + "\"}");
            JsonObject answer = client.await(f -> "u1".equals(f.getString("id", null)));
            assertEquals("unsubscribed", answer.getString("type"));
            assertEquals(dropped, answer.getString("channel"));

            api.publish(dropped, "ticker.update", price(1));
            api.publish(kept, "ticker.update", price(2));
            // Both publications were queued in order; the kept one arriving alone proves the dropped one is not sent.
            client.awaitEvent(kept);
            assertTrue(
                    client.seen().stream()
                            .noneMatch(f -> dropped.equals(f.getString("channel", null))
                                    && "event".equals(f.getString("type"))),
                    () -> "saw " + client.seen());
        }
    }

    @Test
    void answersPingWithPong() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            JsonObject pong = client.awaitType("pong");
            assertEquals("p1", pong.getString("id"));
            assertTrue(pong.getJsonNumber("ts").longValue() > 0);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all                                               | bad_request",
                "[1,2,3]                                                       | bad_request",
                "{\"id\":\"e1\"}                                               | bad_request",
                "{\"id\":\"e1\",\"type\":42}                                   | bad_request",
                "{\"id\":\"e1\",\"type\":\"dance\"}                            | bad_request",
                "{\"id\":\"e1\",\"type\":\"subscribe\"}                        | bad_request",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":7}          | bad_request",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"a b\"}    | invalid_channel",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"\"}       | invalid_channel",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"foo:bar\"}| invalid_channel",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"klines:BTCUSDT:2m\"} | invalid_channel",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"user:42:orders\"}   | unauthorized",
                "{\"id\":\"e1\",\"type\":\"subscribe\",\"channel\":\"balance:0xabc\"}    | unauthorized",
                "{\"id\":\"e1\",\"type\":\"unsubscribe\",\"channel\":\"ticker:NEVER\"}   | not_subscribed",
                "{\"id\":\"e1\",\"type\":\"publish\",\"channel\":\"ticker:X\",\"event\":\"e\",\"data\":{}} | forbidden",
                "{\"id\":\"e1\",\"type\":\"publish\",\"channel\":\"ticker:X\",\"event\":\"e\",\"data\":[]} | bad_request",
            })
    void answersBadInputWithAnErrorAndStaysUsable(String frame, String code) {
        String channel = uniqueTicker();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.send(frame.trim());
            JsonObject error = client.awaitType("error");
            assertEquals(code, error.getString("code"), error::toString);
            assertFalse(error.getString("message").isBlank());
            if (frame.contains("\"id\":\"e1\"")) {
                assertEquals("e1", error.getString("id"), "the error answers the frame's id");
            }
            assertTrue(client.isOpen());

            client.subscribe(channel);
            api.publish(channel, "ticker.update", price(1));
            assertEquals(1, client.awaitEvent(channel).getJsonNumber("offset").longValue());
        }
    }

    @Test
    void refusesBinaryFramesWithAnError() throws Exception {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals("bad_request", client.awaitType("error").getString("code"));
            client.send("{\"type\":\"ping\"}");
            assertNotNull(client.awaitType("pong"));
        }
    }

    @Test
    void channelNamesAtTheLengthLimit() {
        String prefix = "tokens:";
        String longest = prefix + "A".repeat(200 - prefix.length());
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(longest);
            client.send("{\"type\":\"subscribe\",\"id\":\"long\",\"channel\":\"" + longest + "A\"}");
            assertEquals(
                    "invalid_channel",
                    client.await(f -> "long".equals(f.getString("id", null))).getString("code"));
        }
    }

    private static String uniqueTicker() {
        return "ticker:T"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static JsonObject price(int i) {
        return Json.createObjectBuilder().add("lastPrice", String.valueOf(i)).build();
    }

    @Test
    void aClientOfferingPermessageDeflateGetsNoExtensionByDefault() throws Exception {
        NodeScript.requireHarness("node_modules/ws", "the ws package");
        String channel = uniqueTicker();
        try (NodeScript client =
                NodeScript.start("deflate-client.mjs", base.toString().replaceFirst("^http", "ws") + "ws")) {
            assertEquals("Extensions ", client.awaitStart("Extensions"), "offered by ws, declined while off");
            client.awaitStart("Received: {\"type\":\"connected\"");
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"" + channel + "\"}");
            client.await("subscribed", line -> line.contains("\"type\":\"subscribed\""));
            api.publish(
                    channel,
                    "ticker.update",
                    Json.createObjectBuilder().add("venue", "Zürich 東京").build());
            String event = client.await("the event", line -> line.contains("\"type\":\"event\""));
            assertTrue(event.contains("\"venue\":\"Zürich 東京\""), event);
        }
    }

    @Test
    void aClientSubscribesAndReceivesOverWss() throws Exception {
        String channel = "tokens:W" + UUID.randomUUID().toString().replace("-", "");
        try (SecureClient client = SecureClient.connect(SecureClient.uri("ws"))) {
            assertTrue(client.await(f -> f.contains("\"type\":\"connected\"")).contains("\"namespace\":\"/ws\""));
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"" + channel + "\"}");
            client.await(f -> f.contains("\"type\":\"subscribed\""));
            api.publish(
                    channel, "e", Json.createObjectBuilder().add("over", "tls").build());
            String event = client.await(f -> f.contains("\"type\":\"event\""));
            assertTrue(event.contains("\"over\":\"tls\""), event);
        }
    }
}
