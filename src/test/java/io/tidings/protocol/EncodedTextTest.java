package io.tidings.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedTextTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Test
    void utf8IsTheTextsEncodingInItsOwnReadOnlyBufferPerSend() {
        String text = "{\"data\":\"h\u00e9llo \u20ac \uD83D\uDE00\"}";
        EncodedText encoded = EncodedText.of(text);
        ByteBuffer first = encoded.utf8();
        ByteBuffer second = encoded.utf8();
        assertTrue(first.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) 'x'));
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, bytes(first));
        assertEquals(0, first.remaining());
        assertArrayEquals(expected, bytes(second), "one send's reading leaves another's position alone");
        assertArrayEquals(expected, bytes(encoded.utf8()), "a later send starts at the beginning again");
        assertEquals(expected.length, encoded.length());
        assertEquals(text, encoded.text());
    }

    @Test
    void anEventFrameCarriesWhenItsPublicationWasAccepted() {
        assertEquals(42L, EncodedText.of("{}", 42L).acceptedNanos());
        assertEquals(0L, EncodedText.of("{}").acceptedNanos(), "any other frame carries none");
        EncodedText[] events = {EncodedText.of("{}", 1L), EncodedText.of("{}", 2L)};
        assertEquals(0L, EncodedText.lines(events, 2).acceptedNanos(), "lines are timed by their own events");
    }

    @Test
    void frameIsAWholeUnmaskedTextFrame() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            String text = "x".repeat(length);
            ByteBuffer frame = EncodedText.of(text).frame();
            byte[] all = bytes(frame);
            assertEquals((byte) 0x81, all[0], "FIN and the text opcode");
            int header;
            long declared;
            if (length < 126) {
                header = 2;
                declared = all[1];
            } else if (length <= 65_535) {
                header = 4;
                assertEquals(126, all[1]);
                declared = ((all[2] & 0xFF) << 8) | (all[3] & 0xFF);
            } else {
                header = 10;
                assertEquals(127, all[1]);
                declared = ByteBuffer.wrap(all, 2, 8).getLong();
            }
            assertEquals(length, declared, "length " + length);
            assertEquals(0, all[1] & 0x80, "a server's frame is not masked");
            assertEquals(header + length, all.length);
            assertEquals(text, new String(all, header, length, StandardCharsets.UTF_8));
        }
    }

    @Test
    void framesLengthCountsBytesNotChars() {
        String text = "\u20ac".repeat(50); // 150 bytes in 50 chars: the two-byte length form
        byte[] all = bytes(EncodedText.of(text).frame());
        assertEquals(126, all[1]);
        assertEquals(150, ((all[2] & 0xFF) << 8) | (all[3] & 0xFF));
    }

    @Test
    void eachSendGetsItsOwnPositionOverTheFrame() {
        EncodedText encoded = EncodedText.of("{\"type\":\"event\"}");
        ByteBuffer one = encoded.frame();
        ByteBuffer two = encoded.frame();
        one.position(one.limit());
        assertEquals(2 + 16, two.remaining());
    }

    @Test
    void refusesNull() {
        assertThrows(NullPointerException.class, () -> EncodedText.of(null));
    }

    @Test
    void linesJoinTheFramesWithANewline() {
        EncodedText[] frames = {EncodedText.of("{\"a\":\"é\"}"), EncodedText.of("{}"), EncodedText.of("[1]")};
        EncodedText lines = EncodedText.lines(frames, 2);
        assertEquals("{\"a\":\"é\"}\n{}", lines.text());
        assertEquals(lines.text().getBytes(StandardCharsets.UTF_8).length, lines.length());
    }

    @Test
    void framesAreTheWholeFramesOneAfterAnother() {
        EncodedText[] frames = {EncodedText.of("{\"a\":\"é\"}"), EncodedText.of("x".repeat(200)), EncodedText.of("[1]")
        };
        byte[] joined = EncodedText.frames(frames, 2);
        ByteBuffer expected = ByteBuffer.allocate(joined.length);
        expected.put(frames[0].frame()).put(frames[1].frame()).flip();
        assertEquals(expected, ByteBuffer.wrap(joined));
    }
}
