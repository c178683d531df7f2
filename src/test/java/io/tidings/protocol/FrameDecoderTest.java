package io.tidings.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderTest {

    private static final FrameDecoder CORE = FrameDecoder.core();
    /** Tests of reading frames: every verb allowed. */
    private static final VerbGuard ANYONE = (access, id) -> {};

    private static ClientFrame read(FrameDecoder decoder, String text) {
        return decoder.decode(text, ANYONE);
    }

    @Test
    void decodesSubscribeWithIdAndSince() {
        var frame = assertInstanceOf(
                CoreFrame.Subscribe.class,
                read(
                        CORE,
                        "{\"type\":\"subscribe\",\"id\":\"7\",\"channel\":\"ticker:BTCUSDT\","
                                + "\"since\":{\"offset\":12,\"epoch\":\"abc\"}}"));
        assertEquals("7", frame.id());
        assertEquals("ticker:BTCUSDT", frame.channel());
        assertEquals(new Position(12, "abc"), frame.since().orElseThrow());
    }

    @Test
    void decodesASubscribeToSeveralChannels() {
        var frame = assertInstanceOf(
                CoreFrame.SubscribeMany.class,
                read(CORE, "{\"type\":\"subscribe\",\"id\":\"m\",\"channels\":[\"tokens:A\",\"status\"]}"));
        assertEquals(java.util.List.of("tokens:A", "status"), frame.channels());
        assertEquals("m", frame.id());
        for (String bad : new String[] {
            "{\"type\":\"subscribe\",\"channels\":[]}",
            "{\"type\":\"subscribe\",\"channels\":[1]}",
            "{\"type\":\"subscribe\",\"channels\":\"status\"}",
            "{\"type\":\"subscribe\",\"channels\":[\"status\"],\"channel\":\"status\"}",
            "{\"type\":\"subscribe\",\"channels\":" + "[\"status\",".repeat(100) + "\"status\"]}"
        }) {
            assertEquals(
                    ErrorCode.BAD_REQUEST,
                    assertThrows(FrameException.class, () -> read(CORE, bad)).code(),
                    bad);
        }
    }

    @Test
    void decodesAnUnsubscribeFromSeveralChannels() {
        var frame = assertInstanceOf(
                CoreFrame.UnsubscribeMany.class,
                read(CORE, "{\"type\":\"unsubscribe\",\"id\":\"u\",\"channels\":[\"tokens:A\",\"status\"]}"));
        assertEquals(java.util.List.of("tokens:A", "status"), frame.channels());
        assertEquals("u", frame.id());
        for (String bad : new String[] {
            "{\"type\":\"unsubscribe\",\"channels\":[]}",
            "{\"type\":\"unsubscribe\",\"channels\":[true]}",
            "{\"type\":\"unsubscribe\",\"channels\":[\"status\"],\"channel\":\"status\"}",
            "{\"type\":\"unsubscribe\",\"channels\":[" + "\"status\",".repeat(100) + "\"status\"]}"
        }) {
            assertEquals(
                    ErrorCode.BAD_REQUEST,
                    assertThrows(FrameException.class, () -> read(CORE, bad)).code(),
                    bad);
        }
    }

    @Test
    void decodesEveryCoreType() {
        assertInstanceOf(CoreFrame.Ping.class, read(CORE, "{\"type\":\"ping\"}"));
        assertInstanceOf(CoreFrame.Unsubscribe.class, read(CORE, "{\"type\":\"unsubscribe\",\"channel\":\"status\"}"));
        assertInstanceOf(CoreFrame.Authenticate.class, read(CORE, "{\"type\":\"authenticate\",\"token\":\"t\"}"));
        var publish = assertInstanceOf(
                CoreFrame.Publish.class,
                read(CORE, "{\"type\":\"publish\",\"channel\":\"status\",\"event\":\"e\",\"data\":{\"a\":1}}"));
        assertEquals(1, publish.data().getInt("a"));
        assertNull(publish.id());
        assertTrue(((CoreFrame.Subscribe) read(CORE, "{\"type\":\"subscribe\",\"channel\":\"s\"}"))
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
                "{\"type\":\"ping\",\"id\":\"\\ud800\"}                   | field id must be valid Unicode",
                "{\"type\":\"ping\",\"x\\udc00\":1}                       | text must be valid Unicode: a lone surrogate at character 1",
                "{\"type\":\"publish\",\"channel\":\"s\",\"event\":\"e\",\"data\":{\"n\":1e999999}} | a number is too large",
            })
    void explainsWhatIsWrong(String text, String message) {
        FrameException e = assertThrows(FrameException.class, () -> read(CORE, text));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void textWithoutAUtf8FormIsRefusedWithTheFramesIdUnlessItIsTheId() {
        FrameException inData = assertThrows(
                FrameException.class,
                () -> read(
                        CORE,
                        "{\"type\":\"publish\",\"id\":\"p7\",\"channel\":\"s\",\"event\":\"e\","
                                + "\"data\":{\"t\":\"\\ud800\"}}"));
        assertEquals("p7", inData.id());
        FrameException inId =
                assertThrows(FrameException.class, () -> read(CORE, "{\"type\":\"ping\",\"id\":\"a\\udc00\"}"));
        assertNull(inId.id(), "an id that has no UTF-8 form cannot be sent back");
    }

    @Test
    void acceptsSurrogatePairsAndLargeButFiniteNumbers() {
        var publish = (CoreFrame.Publish) read(
                CORE,
                "{\"type\":\"publish\",\"channel\":\"s\",\"event\":\"e\","
                        + "\"data\":{\"emoji\":\"\\ud83d\\ude00\",\"n\":1e308,\"tiny\":1e-999999}}");
        assertEquals("\ud83d\ude00", publish.data().getString("emoji"));
    }

    @Test
    void refusesDeepNestingBeforeParsing() {
        FrameException e = assertThrows(FrameException.class, () -> read(CORE, "[".repeat(100_000)));
        assertEquals("nested deeper than 32 levels", e.getMessage());
        assertEquals(1, JsonText.nestingDepth("{\"a\":\"[[[[{{{\\\"[\"}"), "brackets inside strings do not count");
        read(CORE, "{\"type\":\"ping\",\"x\":" + "[".repeat(30) + "]".repeat(30) + "}");
    }

    @Test
    void keepsTheIdOnErrorsWhenTheIdIsValid() {
        FrameException e =
                assertThrows(FrameException.class, () -> read(CORE, "{\"type\":\"subscribe\",\"id\":\"x1\"}"));
        assertEquals("x1", e.id());
    }

    @Test
    void boundsTheIdLength() {
        read(CORE, "{\"type\":\"ping\",\"id\":\"" + "i".repeat(64) + "\"}");
        assertThrows(FrameException.class, () -> read(CORE, "{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}"));
    }

    @Test
    void echoesClientTextShortAndSafe() {
        String echoed = FrameDecoder.echo("<script>" + "x".repeat(100));
        assertTrue(echoed.length() <= 43, echoed);
        assertTrue(echoed.startsWith("?script?"), echoed);
    }

    @Test
    void aVerbIsKnownOnlyToTheDecoderThatHasIt() {
        FrameDecoder withVerb =
                FrameDecoder.coreAnd(Map.of("x:wave", Verb.of(VerbAccess.USER, (id, o) -> new Wave(id))));
        assertInstanceOf(Wave.class, read(withVerb, "{\"type\":\"x:wave\",\"id\":\"1\"}"));
        FrameException e = assertThrows(FrameException.class, () -> read(CORE, "{\"type\":\"x:wave\",\"id\":\"1\"}"));
        assertEquals("unknown type: x:wave", e.getMessage());
        assertEquals("1", e.id());
        assertInstanceOf(CoreFrame.Ping.class, read(withVerb, "{\"type\":\"ping\"}"), "core frames stay");
    }

    @Test
    void aVerbMayNotShadowACoreFrame() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FrameDecoder.coreAnd(Map.of("ping", Verb.of(VerbAccess.USER, (id, o) -> new Wave(id)))));
    }

    private record Wave(String id) implements ClientFrame {}
}
