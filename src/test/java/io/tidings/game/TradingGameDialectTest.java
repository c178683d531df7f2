package io.tidings.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFrame;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tidings' frames and channel events in the trading game's shapes. */
class TradingGameDialectTest {

    private static final TradingGameDialect DIALECT = TradingGameDialect.INSTANCE;
    /** 2026-12-06T11:00:00.000Z */
    private static final long TS = 1796554800000L;

    @Test
    void aTokensPublicationIsTokenDataWithItsSymbolDataAndIsoTimestamp() {
        String frame =
                DIALECT.events().write("tokens:SOL", "token.update", "{\"symbol\":\"SOL\",\"price\":\"1.25\"}", 7, TS);
        assertEquals(
                "{\"type\":\"token_data\",\"symbol\":\"SOL\",\"data\":{\"symbol\":\"SOL\",\"price\":\"1.25\"},"
                        + "\"timestamp\":\"2026-12-06T11:00:00.000Z\"}",
                frame);
        assertSame(DIALECT.events(), DIALECT.events(), "one format for every connection: written once");
    }

    @Test
    void anotherEventNameOnATokensChannelKeepsItsNameAsTheType() {
        JsonObject frame = json(DIALECT.events().write("tokens:SOL", "token_metadata", "{\"name\":\"Solana\"}", 0, TS));
        assertEquals("token_metadata", frame.getString("type"));
        assertEquals("SOL", frame.getString("symbol"));
    }

    @Test
    void anyOtherChannelsEventNamesItsChannel() {
        JsonObject frame = json(DIALECT.events().write("status", "status.update", "{\"status\":\"ok\"}", 3, TS));
        assertEquals("status.update", frame.getString("type"));
        assertEquals("status", frame.getString("channel"));
        assertEquals("ok", frame.getJsonObject("data").getString("status"));
    }

    @Test
    void aStateEventAfterSubscribeIsRenderedLikeALiveOne() {
        String state = EventFrame.serialize("tokens:JUP", "token.update", "{\"price\":\"0.95\"}", 0, TS);
        assertEquals(
                List.of(DIALECT.events().write("tokens:JUP", "token.update", "{\"price\":\"0.95\"}", 0, TS)),
                rendered(state));
    }

    @Test
    void anAnonymousConnectionIsConnectedUnauthenticated() {
        List<JsonObject> frames = renderedJson(ServerFrames.connected("s1", null, "/ws", 25));
        assertEquals(1, frames.size());
        assertEquals("connection_status", frames.get(0).getString("type"));
        assertEquals("connected", frames.get(0).getString("status"));
        assertFalse(frames.get(0).getBoolean("authenticated"));
        assertTrue(frames.get(0).getString("timestamp").endsWith("Z"));
    }

    @Test
    void aConnectionWithAUserIsAuthenticatedThenAuthorized() {
        List<JsonObject> frames = renderedJson(ServerFrames.connected("s1", "alice", "/ws", 25));
        assertEquals(2, frames.size());
        assertEquals("connection_status", frames.get(0).getString("type"));
        assertEquals("authenticated", frames.get(0).getString("status"));
        assertEquals("alice", frames.get(0).getString("userId"));
        assertEquals("authorized", frames.get(1).getString("type"));
        assertEquals("alice", frames.get(1).getString("userId"));
    }

    @Test
    void authenticatedIsTheAuthenticationResultThenAuthorized() {
        List<JsonObject> frames = renderedJson(ServerFrames.authenticated("authenticate", "bob", 0));
        assertEquals("authentication_result", frames.get(0).getString("type"));
        assertEquals("success", frames.get(0).getString("status"));
        assertEquals("bob", frames.get(0).getString("userId"));
        assertEquals("authorized", frames.get(1).getString("type"));
    }

    @Test
    void aRefusedAuthenticateIsAFailedAuthenticationResult() {
        JsonObject frame = renderedJson(ServerFrames.error("authenticate", ErrorCode.UNAUTHORIZED, "invalid token"))
                .get(0);
        assertEquals("authentication_result", frame.getString("type"));
        assertEquals("failed", frame.getString("status"));
        assertEquals("invalid token", frame.getString("error"));
    }

    @Test
    void errorsHaveTheGamesShapeWithTheOriginalType() {
        JsonObject frame = renderedJson(ServerFrames.error(
                        new FrameException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most 200", "subscribe_tokens")))
                .get(0);
        assertEquals("error", frame.getString("type"));
        assertEquals("TOO_MANY_SUBSCRIPTIONS", frame.getString("code"));
        assertEquals("Failed to process message", frame.getString("message"));
        assertEquals("at most 200", frame.getString("details"));
        assertEquals("subscribe_tokens", frame.getString("originalType"));
        assertTrue(frame.containsKey("timestamp"));

        JsonObject rate = renderedJson(ServerFrames.error(null, ErrorCode.RATE_LIMITED, "slow down"))
                .get(0);
        assertEquals("RATE_LIMITED", rate.getString("code"));
        assertFalse(rate.containsKey("originalType"), rate::toString);
    }

    @Test
    void pongHasATimestampAndSubscribedIsLeftToTheAdaptersConfirmation() {
        JsonObject pong = renderedJson(ServerFrames.pong("ping")).get(0);
        assertEquals("pong", pong.getString("type"));
        assertTrue(pong.containsKey("timestamp"));
        assertEquals(
                List.of(),
                rendered(ServerFrames.subscribed("subscribe_tokens", "tokens:SOL", new Position(0, "e"), null)));
        assertEquals(List.of(), rendered(ServerFrames.unsubscribed("unsubscribe_tokens", "tokens:SOL")));
    }

    @Test
    void confirmationsListTheSymbolsAndTheirCount() {
        JsonObject frame = json(TradingGameDialect.confirmation("tokens_subscribed", List.of("SOL", "BONK"), TS));
        assertEquals("tokens_subscribed", frame.getString("type"));
        assertEquals(
                List.of("SOL", "BONK"), frame.getJsonArray("symbols").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(2, frame.getInt("count"));
        assertEquals("2026-12-06T11:00:00.000Z", frame.getString("timestamp"));
    }

    @Test
    void allTokensIsOneTokenUpdateWithEachTokensLatestDataAndSymbol() {
        JsonObject frame = json(TradingGameDialect.allTokens(
                List.of(
                        EventFrame.serialize("tokens:BONK", "token.update", "{\"price\":\"0.00002\"}", 0, TS),
                        EventFrame.serialize(
                                "tokens:SOL", "token.update", "{\"symbol\":\"SOL\",\"price\":\"1\"}", 0, TS)),
                TS));
        assertEquals("token_update", frame.getString("type"));
        assertEquals(2, frame.getJsonArray("data").size());
        assertEquals("BONK", frame.getJsonArray("data").getJsonObject(0).getString("symbol"));
        assertEquals("0.00002", frame.getJsonArray("data").getJsonObject(0).getString("price"));
        assertEquals("SOL", frame.getJsonArray("data").getJsonObject(1).getString("symbol"));
        assertEquals(
                0,
                json(TradingGameDialect.allTokens(List.of(), TS))
                        .getJsonArray("data")
                        .size());
    }

    @Test
    void heartbeatsAreWebSocketPingsAndCloseCodesNeedNoFrame() {
        assertNull(DIALECT.ping());
        assertNull(DIALECT.farewell(CloseCode.RATE_LIMITED));
        assertEquals("trading-game", DIALECT.name());
    }

    @Test
    void millisecondsAreAlwaysWrittenAsJavaScriptDoes() {
        assertEquals("2026-12-06T11:00:00.000Z", TradingGameDialect.timestamp(TS));
        assertEquals("2026-12-06T11:00:00.005Z", TradingGameDialect.timestamp(TS + 5));
    }

    @Test
    void thePathPrefixIsReadWithOrWithoutSlashes() {
        assertEquals("/api/v69/ws", TradingGameEndpoints.withoutTrailingSlash("/api/v69/ws/"));
        assertEquals("/game", TradingGameEndpoints.withoutTrailingSlash("game"));
    }

    private static List<String> rendered(String frame) {
        List<String> out = new ArrayList<>();
        DIALECT.render(frame, out::add);
        return out;
    }

    private static List<JsonObject> renderedJson(String frame) {
        return rendered(frame).stream().map(TradingGameDialectTest::json).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
