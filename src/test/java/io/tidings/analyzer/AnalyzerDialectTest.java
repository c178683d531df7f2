package io.tidings.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tidings frames and channel events in the shapes of the analyzer's document. */
class AnalyzerDialectTest {

    private static final long TS = 1704067200000L; // 2024-01-01T00:00:00.000Z
    private final AnalyzerDialect dialect = new AnalyzerDialect();

    @Test
    void aCoinsEventIsTheDocumentsFrameWithTimestampAndCoinId() {
        String data = "{\"coinId\":\"bitcoin\",\"price\":50000,\"marketCap\":1000000000}";
        assertEquals(
                "{\"type\":\"price_update\",\"data\":" + data
                        + ",\"timestamp\":\"2024-01-01T00:00:00.000Z\",\"coinId\":\"bitcoin\"}",
                dialect.events().write("price:bitcoin", "price_update", data, 7, TS));
        for (String channel : List.of("whales:bitcoin", "social:bitcoin")) {
            assertEquals(
                    "bitcoin",
                    parse(dialect.events().write(channel, "x", "{}", 1, TS)).getString("coinId"));
        }
    }

    @Test
    void aUsersEventNamesTheUserAndTheCoinOfItsData() {
        JsonObject frame = parse(
                dialect.events().write("user:1:alerts", "alert_triggered", "{\"alertId\":1,\"coinId\":1}", 3, TS + 5));
        assertEquals("alert_triggered", frame.getString("type"));
        assertEquals("1", frame.getString("userId"));
        assertEquals("1", frame.getString("coinId"), "as text, as the document shows it");
        assertEquals("2024-01-01T00:00:00.005Z", frame.getString("timestamp"));
        assertEquals(1, frame.getJsonObject("data").getInt("alertId"));
        JsonObject portfolio = parse(
                dialect.events().write("user:u-2:portfolio", "portfolio_update", "{\"totalValue\":\"1\"}", 0, TS));
        assertEquals("u-2", portfolio.getString("userId"));
        assertTrue(!portfolio.containsKey("coinId"));
    }

    @Test
    void anAnnouncementIsABroadcastToAll() {
        String event = "{\"type\":\"event\",\"channel\":\"announcement\",\"event\":\"price_update\","
                + "\"data\":{\"message\":\"Market update\"},\"ts\":" + TS + "}";
        assertEquals(
                List.of("{\"type\":\"price_update\",\"data\":{\"message\":\"Market update\"},"
                        + "\"timestamp\":\"2024-01-01T00:00:00.000Z\"}"),
                render(event));
    }

    @Test
    void answersAreFramesOfTheirOwnTypes() {
        JsonObject welcome = only(ServerFrames.connected("c-1", null, "/ws", 25));
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("c-1", welcome.getJsonObject("data").getString("connectionId"));
        assertTrue(welcome.getString("timestamp").endsWith("Z"));

        JsonObject authenticated = only(ServerFrames.authenticated(null, "42", 0));
        assertEquals("authenticated", authenticated.getString("type"));
        assertEquals("42", authenticated.getJsonObject("data").getString("userId"));

        JsonObject pong = only(ServerFrames.pong(null));
        assertEquals("pong", pong.getString("type"));
        assertTrue(pong.containsKey("timestamp"));

        JsonObject error = only(ServerFrames.error(null, ErrorCode.BAD_REQUEST, "Message must be valid JSON"));
        assertEquals("error", error.getString("type"));
        assertEquals("bad_request", error.getJsonObject("data").getString("error"));
        assertEquals("Message must be valid JSON", error.getJsonObject("data").getString("message"));
    }

    @Test
    void aCoinIsAnsweredOnceByItsPriceChannel() {
        Position position = new Position(0, "e");
        assertEquals(List.of(), render(ServerFrames.subscribed(null, "whales:bitcoin", position, null)));
        assertEquals(List.of(), render(ServerFrames.subscribed(null, "social:bitcoin", position, null)));
        assertEquals(List.of(), render(ServerFrames.subscribed(null, "user:1:alerts", position, null)));
        JsonObject subscribed = only(ServerFrames.subscribed(null, "price:bitcoin", position, null));
        assertEquals("subscribed", subscribed.getString("type"));
        assertEquals("bitcoin", subscribed.getJsonObject("data").getString("coinId"));
        assertEquals("coin:bitcoin", subscribed.getJsonObject("data").getString("subscription"));
        JsonObject unsubscribed = only(ServerFrames.unsubscribed(null, "price:bitcoin"));
        assertEquals("unsubscribed", unsubscribed.getString("type"));
        assertEquals(List.of(), render(ServerFrames.unsubscribed(null, "social:bitcoin")));
        assertEquals(
                List.of(),
                render(ServerFrames.error(null, ErrorCode.NOT_SUBSCRIBED, "whales:x: not subscribed to whales:x")));
        assertEquals(
                "not_subscribed",
                only(ServerFrames.error(null, ErrorCode.NOT_SUBSCRIBED, "price:x: not subscribed to price:x"))
                        .getJsonObject("data")
                        .getString("error"));
    }

    @Test
    void heartbeatsAreWebSocketPingsAndAUserGetsItsAlertsAndPortfolio() {
        assertNull(dialect.ping());
        assertEquals(List.of("user:7:alerts", "user:7:portfolio"), dialect.ownChannels("7"));
        assertEquals("analyzer", dialect.name());
    }

    private List<String> render(String frame) {
        List<String> out = new ArrayList<>();
        dialect.render(frame, out::add);
        return out;
    }

    private JsonObject only(String frame) {
        List<String> out = render(frame);
        assertEquals(1, out.size(), out::toString);
        return parse(out.get(0));
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
