package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.NodeScript;
import io.tidings.support.RawClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The market analyzer's client code as its document writes it ({@code analyzer-client.mjs}: the {@code ws} package in
 * Node, only the URL changed) against the analyzer's dialect at {@code tidings.analyzer.path}: what the backend
 * publishes through the API and fires as typed CDI events reaches a coin's subscribers, one user, or everyone, in the
 * document's shapes; bad input gets the analyzer's {@code error} frame or the protocol's close, and others carry on.
 */
class AnalyzerDialectIT extends TidingsIT {

    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    @BeforeAll
    static void harnessInstalled() {
        NodeScript.requireHarness("node_modules/ws", "the ws package");
    }

    @Test
    void theDocumentsClientGetsWhatTheBackendPublishesToItsCoinInTheDocumentsShapes() throws Exception {
        String coin = coin();
        try (NodeScript client = analyzer(coin, null)) {
            client.await("Connected to WebSocket");
            JsonObject welcome = received(client, "welcome");
            assertFalse(welcome.getJsonObject("data").getString("connectionId").isEmpty());
            JsonObject subscribed = received(client, "subscribed");
            assertEquals(coin, subscribed.getJsonObject("data").getString("coinId"));
            assertEquals("coin:" + coin, subscribed.getJsonObject("data").getString("subscription"));

            JsonObject price = json("{\"coinId\":\"" + coin + "\",\"price\":50000,\"marketCap\":1000000000,"
                    + "\"volume24h\":50000000,\"priceChange24h\":5.2,\"timestamp\":\"2024-01-01T00:00:00.000Z\"}");
            api.publish("price:" + coin, "price_update", price);
            JsonObject update = received(client, "price_update");
            assertEquals(price, update.getJsonObject("data"), "the data as published");
            assertEquals(coin, update.getString("coinId"));
            assertTrue(ISO_MILLIS.matcher(update.getString("timestamp")).matches(), update::toString);
            assertEquals(java.util.Set.of("type", "data", "timestamp", "coinId"), update.keySet());

            JsonObject whale = json("{\"coinId\":\"" + coin + "\",\"txHash\":\"0x123456789abcdef\",\"amount\":1000}");
            api.publish("whales:" + coin, "whale_movement", whale);
            assertEquals(whale, received(client, "whale_movement").getJsonObject("data"));
            JsonObject social = json("{\"coinId\":\"" + coin + "\",\"platform\":\"twitter\",\"mentions24h\":5000}");
            api.publish("social:" + coin, "social_spike", social);
            JsonObject spike = received(client, "social_spike");
            assertEquals(social, spike.getJsonObject("data"));
            assertEquals(coin, spike.getString("coinId"));
        }
    }

    @Test
    void typedCdiEventsReachTheCoinsSubscribersAndTheUserAfterAuthenticate() throws Exception {
        String coin = coin();
        String user = "an-" + coin.toLowerCase();
        try (NodeScript client = analyzer(coin, Tokens.hs256(user))) {
            assertEquals(
                    user,
                    received(client, "authenticated").getJsonObject("data").getString("userId"));
            received(client, "subscribed"); // after the authenticate, so the user's channels are subscribed too

            assertEquals(
                    204,
                    api.post("test-backend/analyzer?user=" + user + "&coin=" + coin, "")
                            .statusCode());

            JsonObject price = received(client, "price_update");
            assertEquals(coin, price.getString("coinId"));
            assertEquals("0.1234", price.getJsonObject("data").getString("price"));
            JsonObject alert = received(client, "alert_triggered");
            assertEquals(user, alert.getString("userId"));
            assertEquals(coin, alert.getString("coinId"));
            assertEquals("a-1", alert.getJsonObject("data").getString("alertId"));
            assertEquals(coin, received(client, "whale_movement").getString("coinId"));
            assertEquals(coin, received(client, "social_spike").getString("coinId"));
            JsonObject portfolio = received(client, "portfolio_update");
            assertEquals(user, portfolio.getString("userId"));
            assertEquals("10234.56", portfolio.getJsonObject("data").getString("totalValue"));
        }
    }

    @Test
    void aUsersEventsReachOnlyThatUserAndABroadcastReachesEveryone() throws Exception {
        String coin = coin();
        String user = "u-" + coin.toLowerCase();
        try (NodeScript owner = analyzer(null, Tokens.hs256(user));
                NodeScript anonymous = analyzer(coin, null);
                NodeScript other = analyzer(coin, Tokens.hs256("other-" + coin.toLowerCase()))) {
            received(owner, "authenticated");
            received(anonymous, "subscribed");
            received(other, "subscribed");

            JsonObject alert = json("{\"alertId\":1,\"alertType\":\"price_above\",\"coinId\":1,"
                    + "\"condition\":{\"targetPrice\":50000},\"triggeredAt\":\"2024-01-01T00:00:00.000Z\"}");
            api.publish("user:" + user + ":alerts", "alert_triggered", alert);
            JsonObject triggered = received(owner, "alert_triggered");
            assertEquals(alert, triggered.getJsonObject("data"));
            assertEquals(user, triggered.getString("userId"));
            assertEquals("1", triggered.getString("coinId"), "as the document shows it");

            // delivered after the alert on each connection's own delivery thread: a marker that the alert did not come
            api.publish("whales:" + coin, "whale_movement", json("{\"marker\":true}"));
            for (NodeScript bystander : new NodeScript[] {anonymous, other}) {
                received(bystander, "whale_movement");
                assertFalse(bystander.toString().contains("alert_triggered"), bystander::toString);
            }

            HttpResponse<String> announced = api.post(
                    "api/announce",
                    "{\"event\":\"price_update\",\"data\":{\"message\":\"Market update\"}}",
                    "X-API-Key",
                    Api.KEY);
            assertEquals(200, announced.statusCode(), announced.body());
            for (NodeScript client : new NodeScript[] {owner, anonymous, other}) {
                JsonObject update = received(
                        client,
                        f -> "price_update".equals(f.getString("type"))
                                && "Market update"
                                        .equals(f.getJsonObject("data").getString("message", null)));
                assertEquals(java.util.Set.of("type", "data", "timestamp"), update.keySet(), update::toString);
            }
        }
    }

    @Test
    void pingIsAnsweredPongAndUnsubscribeStopsTheCoin() throws Exception {
        String coin = coin();
        String marker = coin + "-M";
        try (NodeScript client = analyzer(coin, null)) {
            received(client, "subscribed");
            client.send("{\"type\":\"ping\"}"); // the heartbeat's message
            assertTrue(ISO_MILLIS
                    .matcher(received(client, "pong").getString("timestamp"))
                    .matches());

            client.send("{\"type\":\"subscribe\",\"data\":{\"coinId\":\"" + marker + "\"}}");
            received(
                    client,
                    f -> "subscribed".equals(f.getString("type"))
                            && marker.equals(f.getJsonObject("data").getString("coinId")));
            client.send("{\"type\":\"unsubscribe\",\"data\":{\"coinId\":\"" + coin + "\"}}");
            assertEquals(
                    coin, received(client, "unsubscribed").getJsonObject("data").getString("coinId"));
            api.publish("whales:" + coin, "whale_movement", json("{\"n\":1}"));
            api.publish("whales:" + marker, "whale_movement", json("{\"n\":2}"));
            assertEquals(marker, received(client, "whale_movement").getString("coinId"), "not the one unsubscribed");

            client.send("{\"type\":\"unsubscribe\",\"data\":{\"coinId\":\"" + coin + "\"}}");
            JsonObject again = received(client, "error");
            assertEquals("not_subscribed", again.getJsonObject("data").getString("error"));
        }
    }

    @Test
    void badInputGetsTheAnalyzersErrorOrACloseWhileOthersCarryOn() throws Exception {
        String coin = coin();
        try (NodeScript good = analyzer(coin, null);
                NodeScript bad = analyzer(null, null)) {
            received(good, "subscribed");
            received(bad, "welcome");
            String[][] cases = {
                {"not json", "bad_request", "Message must be valid JSON"},
                {"{\"type\":\"sell\",\"data\":{}}", "bad_request", "Unknown message type sell"},
                {"{\"type\":\"subscribe\",\"data\":{}}", "bad_request", "coinId is required"},
                {"{\"type\":\"subscribe\"}", "bad_request", "Message must have data"},
                {"{\"type\":\"authenticate\",\"data\":{\"token\":\"not-a-jwt\"}}", "unauthorized", ""},
            };
            for (String[] c : cases) {
                bad.send(c[0]);
                JsonObject error = received(bad, "error").getJsonObject("data");
                assertEquals(c[1], error.getString("error"), c[0]);
                assertTrue(error.getString("message").startsWith(c[2]), () -> c[0] + ": " + error);
            }
            for (int n = 0; n < 70; n++) { // 3 channels a coin: 200 subscriptions hold 66 coins
                bad.send("{\"type\":\"subscribe\",\"data\":{\"coinId\":\"" + coin + "-" + n + "\"}}");
            }
            assertEquals(
                    "too_many_subscriptions",
                    received(bad, "error").getJsonObject("data").getString("error"));
            bad.send("x".repeat(70_000));
            bad.await("Closed 1009");

            api.publish("whales:" + coin, "whale_movement", json("{\"n\":1}"));
            assertEquals(coin, received(good, "whale_movement").getString("coinId"));
        }
    }

    @Test
    void floodsAndStreamsOfBadFramesAreClosedWithTheProtocolsCodes() throws Exception {
        try (RawClient flood = RawClient.connect(analyzerUri())) {
            flood.keepAlive();
            flood.sendTexts(Collections.nCopies(2000, "{\"type\":\"ping\"}"));
            assertEquals(4008, flood.readUntilClosed(), "rate limited");
        }
        try (RawClient garbage = RawClient.connect(analyzerUri())) {
            garbage.keepAlive();
            garbage.sendTexts(Collections.nCopies(60, "{\"type\":"));
            assertEquals(1008, garbage.readUntilClosed(), "too many bad frames");
        }
    }

    @Test
    void aStaleConnectionIsClosedAndAnAnalyzerConnectionIsCountedInTheMetrics() throws Exception {
        String coin = coin();
        try (NodeScript client = analyzer(coin, null);
                RawClient silent = RawClient.connect(analyzerUri())) {
            received(client, "subscribed");
            String metrics = api.get("metrics").body();
            Assertions.assertTrue(
                    metrics.lines()
                            .anyMatch(line -> line.startsWith("tidings_dialect_connections{dialect=\"analyzer\"")
                                    && !line.endsWith(" 0.0")),
                    () -> "an analyzer connection counted:\n" + metrics);
            assertEquals(4000, silent.readUntilClosed(), "it answers no ping: heartbeat timeout");
            api.publish("whales:" + coin, "whale_movement", json("{\"n\":1}"));
            received(client, "whale_movement"); // the client's ws answers the pings by itself and stays
        }
    }

    private NodeScript analyzer(String coin, String token) throws IOException {
        return NodeScript.start(
                "analyzer-client.mjs", analyzerUri().toString(), coin == null ? "" : coin, token == null ? "" : token);
    }

    private URI analyzerUri() {
        return api.ws("analyzer/ws");
    }

    /** The next message the client received of this type. */
    private static JsonObject received(NodeScript client, String type) throws InterruptedException {
        return received(client, f -> type.equals(f.getString("type", null)));
    }

    private static JsonObject received(NodeScript client, java.util.function.Predicate<JsonObject> expected)
            throws InterruptedException {
        String line = client.await(
                "received as expected",
                l -> l.startsWith("Received: ") && expected.test(json(l.substring("Received: ".length()))));
        return json(line.substring("Received: ".length()));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String coin() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
