package io.tidings.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ServerFramesTest {

    @Test
    void subscribedLeavesOutRecoveredUnlessAsked() {
        JsonObject plain = parse(ServerFrames.subscribed("1", "status", new Position(4, "e"), null));
        assertEquals(4, plain.getInt("offset"));
        assertEquals("e", plain.getString("epoch"));
        assertFalse(plain.containsKey("recovered"));
        assertEquals(
                JsonValue.TRUE,
                parse(ServerFrames.subscribed(null, "s", new Position(0, "e"), true))
                        .get("recovered"));
        assertFalse(parse(ServerFrames.subscribed(null, "s", new Position(0, "e"), true))
                .containsKey("id"));
    }

    @Test
    void connectedCarriesANullUserWhenAnonymous() {
        JsonObject connected = parse(ServerFrames.connected("s1", null, "/ws", 25));
        assertEquals(JsonValue.NULL, connected.get("user"));
        assertEquals(25, connected.getInt("heartbeat"));
    }

    @Test
    void eventFrameIsValidJsonWithEscapedEventName() {
        JsonObject data = Json.createObjectBuilder()
                .add("price", "45000.00")
                .add("note", "a \"quote\"")
                .build();
        JsonObject event = parse(EventFrame.serialize("ticker:BTCUSDT", "ticker.update", data.toString(), 3, 17));
        assertEquals("event", event.getString("type"));
        assertEquals("ticker:BTCUSDT", event.getString("channel"));
        assertEquals("ticker.update", event.getString("event"));
        assertEquals(data, event.getJsonObject("data"));
        assertEquals(3, event.getInt("offset"));
        assertEquals(17, event.getInt("ts"));
    }

    @Test
    void anEphemeralEventCarriesNoOffset() {
        JsonObject event = parse(EventFrame.serialize("conversation:1", "typing", "{\"typing\":true}", 0, 5));
        assertFalse(event.containsKey("offset"));
        assertEquals(5, event.getInt("ts"));
    }

    @Test
    void ackAnswersTheId() {
        JsonObject ack = parse(ServerFrames.ack("a1"));
        assertEquals("ack", ack.getString("type"));
        assertEquals("a1", ack.getString("id"));
    }

    @Test
    void errorFramesCarryCodeAndMessage() {
        JsonObject error = parse(ServerFrames.error("9", ErrorCode.TOO_MANY_SUBSCRIPTIONS, "too many"));
        assertEquals("too_many_subscriptions", error.getString("code"));
        assertEquals("9", error.getString("id"));
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
