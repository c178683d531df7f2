package io.tidings.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import org.junit.jupiter.api.Test;

/** The analyzer's client messages, exactly as its document writes them, as Tidings frames. */
class AnalyzerMessagesTest {

    @Test
    void authenticateCarriesItsToken() {
        assertEquals(
                "{\"type\":\"authenticate\",\"token\":\"jwt-token-here\"}",
                AnalyzerMessages.toTidings("{\"type\":\"authenticate\",\"data\":{\"token\":\"jwt-token-here\"}}"));
    }

    @Test
    void subscribingToACoinIsSubscribingToItsChannelsPriceLast() {
        assertEquals(
                "{\"type\":\"subscribe\",\"channels\":[\"whales:bitcoin\",\"social:bitcoin\",\"price:bitcoin\"]}",
                AnalyzerMessages.toTidings("{\"type\":\"subscribe\",\"data\":{\"coinId\":\"bitcoin\"}}"));
        assertEquals(
                "{\"type\":\"unsubscribe\",\"channels\":[\"whales:bitcoin\",\"social:bitcoin\",\"price:bitcoin\"]}",
                AnalyzerMessages.toTidings("{\"type\":\"unsubscribe\",\"data\":{\"coinId\":\"bitcoin\"}}"));
    }

    @Test
    void aNumericCoinIdIsItsDigits() {
        assertTrue(AnalyzerMessages.toTidings("{\"type\":\"subscribe\",\"data\":{\"coinId\":1}}")
                .contains("\"price:1\""));
    }

    @Test
    void pingIsPing() {
        assertEquals("{\"type\":\"ping\"}", AnalyzerMessages.toTidings("{\"type\":\"ping\"}"));
    }

    @Test
    void badMessagesAreRefusedAsBadRequestsSayingWhy() {
        String[][] cases = {
            {"not json", "valid JSON"},
            {"[1,2]", "valid JSON"},
            {"{\"data\":{}}", "must have a type"},
            {"{\"type\":7}", "must have a type"},
            {"{\"type\":\"publish\",\"data\":{}}", "Unknown message type publish"},
            {"{\"type\":\"subscribe\"}", "must have data"},
            {"{\"type\":\"subscribe\",\"data\":\"bitcoin\"}", "must have data"},
            {"{\"type\":\"subscribe\",\"data\":{}}", "coinId is required"},
            {"{\"type\":\"subscribe\",\"data\":{\"coinId\":1.5}}", "coinId is required"},
            {"{\"type\":\"unsubscribe\",\"data\":{\"coinId\":\"\"}}", "coinId must be"},
            {"{\"type\":\"subscribe\",\"data\":{\"coinId\":\"a:b\"}}", "coinId must be"},
            {"{\"type\":\"subscribe\",\"data\":{\"coinId\":\"bit coin\"}}", "coinId must be"},
            {"{\"type\":\"subscribe\",\"data\":{\"coinId\":\"" + "x".repeat(101) + "\"}}", "coinId must be"},
            {"{\"type\":\"authenticate\",\"data\":{}}", "Token is required"},
            {"{\"type\":\"authenticate\",\"data\":{\"token\":\"\"}}", "Token is required"},
        };
        for (String[] c : cases) {
            FrameException e = assertThrows(FrameException.class, () -> AnalyzerMessages.toTidings(c[0]), c[0]);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), () -> c[0] + " -> " + e.getMessage());
        }
    }
}
