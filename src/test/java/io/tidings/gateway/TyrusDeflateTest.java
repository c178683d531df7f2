package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.CloseFrame;
import org.glassfish.tyrus.core.frame.Frame;
import org.junit.jupiter.api.Test;

/** Payara's permessage-deflate, frame by frame, against RFC 7692's own examples and against itself. */
class TyrusDeflateTest {

    private static final byte TEXT = 1;
    private static final byte CONTINUATION = 0;
    /** "Hello" compressed, RFC 7692 7.2.3.1. */
    private static final byte[] HELLO = {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00};

    private final TyrusDeflate deflate = new TyrusDeflate(Deflater.BEST_SPEED, 1 << 20);
    private final ExtendedExtension.ExtensionContext server = context();
    private final ExtendedExtension.ExtensionContext client = context();

    @Test
    void readsTheRfcsCompressedHelloAndAnswersWithoutParameters() {
        assertEquals(List.of(), deflate.onExtensionNegotiation(server, List.of()));
        Frame read = deflate.processIncoming(server, frame(TEXT, true, true, HELLO));
        assertFalse(read.isRsv1());
        assertEquals("Hello", text(read));
    }

    @Test
    void whatItSendsItReadsBackMessageAfterMessageWithTheContextKept() {
        deflate.onExtensionNegotiation(server, List.of());
        deflate.onHandshakeResponse(client, List.of());
        String book = "{\"bids\":[[\"45000.00\",\"1.5\"],[\"44999.50\",\"0.25\"]],\"venue\":\"Zürich 東京 🚀\"}";
        int first = 0;
        for (int i = 0; i < 3; i++) {
            Frame sent = deflate.processOutgoing(server, frame(TEXT, true, false, utf8(book)));
            assertTrue(sent.isRsv1());
            if (i == 0) {
                first = (int) sent.getPayloadLength();
            } else {
                assertTrue(sent.getPayloadLength() < first / 2, "the same book again costs a few bytes");
            }
            assertEquals(book, text(deflate.processIncoming(client, sent)));
        }
    }

    @Test
    void aFragmentedMessageIsCompressedAcrossItsFramesWithRsv1OnTheFirstOnly() {
        deflate.onExtensionNegotiation(server, List.of());
        deflate.onHandshakeResponse(client, List.of());
        Frame head = deflate.processOutgoing(server, frame(TEXT, false, false, utf8("Hello, ")));
        Frame tail = deflate.processOutgoing(server, frame(CONTINUATION, true, false, utf8("wörld")));
        assertTrue(head.isRsv1());
        assertFalse(tail.isRsv1());
        assertEquals("Hello, ", text(deflate.processIncoming(client, head)));
        assertEquals("wörld", text(deflate.processIncoming(client, tail)));
    }

    @Test
    void anUncompressedMessageAndControlFramesPassAsTheyAre() {
        deflate.onExtensionNegotiation(server, List.of());
        Frame plain = frame(TEXT, false, false, utf8("plain"));
        assertSame(plain, deflate.processIncoming(server, plain));
        Frame more = frame(CONTINUATION, true, false, utf8(" text"));
        assertSame(more, deflate.processIncoming(server, more), "a continuation of an uncompressed message");
        Frame ping = Frame.builder()
                .opcode((byte) 9)
                .fin(true)
                .payloadData(new byte[0])
                .build();
        assertSame(ping, deflate.processOutgoing(server, ping));
    }

    @Test
    void aMessageInflatingPastTheLimitBecomesAClose1009() {
        TyrusDeflate small = new TyrusDeflate(Deflater.BEST_SPEED, 1000);
        small.onExtensionNegotiation(server, List.of());
        small.onHandshakeResponse(client, List.of());
        Frame bomb = small.processOutgoing(client, frame(TEXT, true, false, utf8(" ".repeat(100_000))));
        assertTrue(bomb.getPayloadLength() < 1000);
        Frame read = small.processIncoming(server, bomb);
        CloseFrame close = assertInstanceOf(CloseFrame.class, read);
        assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseReason().getCloseCode());
    }

    @Test
    void garbageBecomesAClose1002() {
        deflate.onExtensionNegotiation(server, List.of());
        Frame read = deflate.processIncoming(server, frame(TEXT, true, true, new byte[] {(byte) 0xff, (byte) 0xff}));
        CloseFrame close = assertInstanceOf(CloseFrame.class, read);
        assertEquals(
                CloseReason.CloseCodes.PROTOCOL_ERROR, close.getCloseReason().getCloseCode());
    }

    @Test
    void destroyEndsBothAndForgetsThem() {
        deflate.onExtensionNegotiation(server, List.of());
        deflate.destroy(server);
        assertTrue(server.getProperties().isEmpty());
    }

    private static Frame frame(byte opcode, boolean fin, boolean rsv1, byte[] payload) {
        return Frame.builder()
                .opcode(opcode)
                .fin(fin)
                .rsv1(rsv1)
                .payloadData(payload)
                .build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Frame frame) {
        byte[] payload = frame.getPayloadData();
        assertArrayEquals(payload, java.util.Arrays.copyOf(payload, (int) frame.getPayloadLength()));
        return new String(payload, 0, (int) frame.getPayloadLength(), StandardCharsets.UTF_8);
    }

    private static ExtendedExtension.ExtensionContext context() {
        Map<String, Object> properties = new HashMap<>();
        return () -> properties;
    }
}
