package io.tidings.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.cluster.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderTest {

    @Test
    void decodesSubscribeWithIdAndSince() {
        var frame = assertInstanceOf(
                ClientFrame.Subscribe.class,
                FrameDecoder.decode("{\"type\":\"subscribe\",\"id\":\"7\",\"channel\":\"ticker:BTCUSDT\","
                        + "\"since\":{\"offset\":12,\"epoch\":\"abc\"}}"));
        assertEquals("7", frame.id());
        assertEquals("ticker:BTCUSDT", frame.channel());
        assertEquals(new Position(12, "abc"), frame.since().orElseThrow());
    }

    @Test
    void decodesEveryCoreType() {
        assertInstanceOf(ClientFrame.Ping.class, FrameDecoder.decode("{\"type\":\"ping\"}"));
        assertInstanceOf(
                ClientFrame.Unsubscribe.class,
                FrameDecoder.decode("{\"type\":\"unsubscribe\",\"channel\":\"status\"}"));
        assertInstanceOf(
                ClientFrame.Authenticate.class, FrameDecoder.decode("{\"type\":\"authenticate\",\"token\":\"t\"}"));
        var publish = assertInstanceOf(
                ClientFrame.Publish.class,
                FrameDecoder.decode(
                        "{\"type\":\"publish\",\"channel\":\"status\",\"event\":\"e\",\"data\":{\"a\":1}}"));
        assertEquals(1, publish.data().getInt("a"));
        assertNull(publish.id());
        assertTrue(((ClientFrame.Subscribe) FrameDecoder.decode("{\"type\":\"subscribe\",\"channel\":\"s\"}"))
                .since()
                .isEmpty());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                                     | not valid JSON",
                "{                                                      | not valid JSON",
                "\"text\"                                               | a frame must be a JSON object",
                "[]                                                     | a frame must be a JSON object",
                "{}                                                     | missing field: type",
                "{\"type\":null}                                        | field type must be a string",
                "{\"type\":1}                                           | field type must be a string",
                "{\"type\":\"nope\"}                                    | unknown type: nope",
                "{\"type\":\"subscribe\"}                               | missing field: channel",
                "{\"type\":\"subscribe\",\"channel\":[]}                | field channel must be a string",
                "{\"type\":\"subscribe\",\"channel\":\"s\",\"since\":1} | field since must be an object {offset, epoch}",
                "{\"type\":\"subscribe\",\"channel\":\"s\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}} | field since.offset must be a non-negative integer",
                "{\"type\":\"subscribe\",\"channel\":\"s\",\"since\":{\"offset\":1.5,\"epoch\":\"e\"}} | field since.offset must be a non-negative integer",
                "{\"type\":\"subscribe\",\"channel\":\"s\",\"since\":{\"offset\":99999999999999999999,\"epoch\":\"e\"}} | field since.offset must be a non-negative integer",
                "{\"type\":\"subscribe\",\"channel\":\"s\",\"since\":{\"offset\":1}} | missing field: epoch",
                "{\"type\":\"publish\",\"channel\":\"s\",\"event\":\"e\",\"data\":1} | field data must be an object",
                "{\"type\":\"authenticate\"}                            | missing field: token",
                "{\"type\":\"ping\",\"id\":5}                           | field id must be a string of at most 64 characters",
            })
    void explainsWhatIsWrong(String text, String message) {
        FrameException e = assertThrows(FrameException.class, () -> FrameDecoder.decode(text));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesDeepNestingBeforeParsing() {
        FrameException e = assertThrows(FrameException.class, () -> FrameDecoder.decode("[".repeat(100_000)));
        assertEquals("nested deeper than 32 levels", e.getMessage());
        assertEquals(1, FrameDecoder.nestingDepth("{\"a\":\"[[[[{{{\\\"[\"}"), "brackets inside strings do not count");
        FrameDecoder.decode("{\"type\":\"ping\",\"x\":" + "[".repeat(30) + "]".repeat(30) + "}");
    }

    @Test
    void keepsTheIdOnErrorsWhenTheIdIsValid() {
        FrameException e =
                assertThrows(FrameException.class, () -> FrameDecoder.decode("{\"type\":\"subscribe\",\"id\":\"x1\"}"));
        assertEquals("x1", e.id());
    }

    @Test
    void boundsTheIdLength() {
        FrameDecoder.decode("{\"type\":\"ping\",\"id\":\"" + "i".repeat(64) + "\"}");
        assertThrows(
                FrameException.class,
                () -> FrameDecoder.decode("{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}"));
    }

    @Test
    void echoesClientTextShortAndSafe() {
        String echoed = FrameDecoder.echo("<script>" + "x".repeat(100));
        assertTrue(echoed.length() <= 43, echoed);
        assertTrue(echoed.startsWith("?script?"), echoed);
    }
}
