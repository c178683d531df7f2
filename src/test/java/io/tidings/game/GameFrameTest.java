package io.tidings.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trading game's client frames, as its document writes them, and what is refused. */
class GameFrameTest {

    @Test
    void readsEachFrameOfTheGamesClients() {
        assertEquals(
                new GameFrame.Authenticate("abc.def.ghi"),
                GameFrame.read("{\"type\":\"authenticate\",\"token\":\"abc.def.ghi\"}"));
        assertEquals(new GameFrame.GetAllTokens(), GameFrame.read("{\"type\":\"get_all_tokens\"}"));
        assertEquals(
                new GameFrame.SubscribeTokens(List.of("SOL", "BONK")),
                GameFrame.read("{\"type\":\"subscribe_tokens\",\"symbols\":[\"SOL\",\"BONK\",\"SOL\"]}"));
        assertEquals(
                new GameFrame.UnsubscribeTokens(List.of("JUP")),
                GameFrame.read("{\"type\":\"unsubscribe_tokens\",\"symbols\":[\"JUP\"]}"));
        assertEquals(
                new GameFrame.Ping(), GameFrame.read("{\"type\":\"ping\",\"timestamp\":\"2026-12-06T11:00:00.000Z\"}"));
        assertEquals(new GameFrame.Pong(), GameFrame.read("{\"type\":\"pong\"}"));
    }

    @Test
    void notJsonOrNoTypeIsABadRequestWithoutAnOriginalType() {
        FrameException notJson = refused("hello");
        assertEquals(ErrorCode.BAD_REQUEST, notJson.code());
        assertNull(notJson.id());
        assertNull(refused("[1,2]").id());
        assertNull(refused("{\"symbols\":[]}").id());
        assertNull(refused("{\"type\":7}").id());
    }

    @Test
    void anUnknownTypeIsRefusedWithItsTypeSafelyEchoed() {
        FrameException e = refused("{\"type\":\"subscribe\"}");
        assertEquals("subscribe", e.id());
        assertTrue(e.getMessage().contains("unknown message type: subscribe"), e::getMessage);
        assertEquals("drop?table", refused("{\"type\":\"drop table\"}").id());
    }

    @Test
    void symbolsMustBeAnArrayOfOneToAHundredChannelSegments() {
        assertEquals(
                "subscribe_tokens", refused("{\"type\":\"subscribe_tokens\"}").id());
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":\"SOL\"}");
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[]}");
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[1]}");
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[\"a:b\"]}");
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[\"a b\"]}");
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[\"\"]}");
        refused("{\"type\":\"unsubscribe_tokens\",\"symbols\":[\"" + "S".repeat(200) + "\"]}");
        String hundredAndOne = "\"S\",".repeat(100) + "\"T\"";
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[" + hundredAndOne + "]}");
        String hundred = "\"S\",".repeat(99) + "\"T\"";
        assertEquals(
                List.of("S", "T"),
                ((GameFrame.SubscribeTokens)
                                GameFrame.read("{\"type\":\"subscribe_tokens\",\"symbols\":[" + hundred + "]}"))
                        .symbols());
    }

    @Test
    void authenticateNeedsAToken() {
        assertEquals("authenticate", refused("{\"type\":\"authenticate\"}").id());
        refused("{\"type\":\"authenticate\",\"token\":\"\"}");
        refused("{\"type\":\"authenticate\",\"token\":42}");
    }

    @Test
    void textWithoutAUtf8FormIsRefused() {
        refused("{\"type\":\"subscribe_tokens\",\"symbols\":[\"\\ud800\"]}");
    }

    private static FrameException refused(String text) {
        FrameException e = assertThrows(FrameException.class, () -> GameFrame.read(text), text);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        return e;
    }
}
