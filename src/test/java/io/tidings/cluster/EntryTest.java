package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tidings.protocol.EncodedText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntryTest {

    @Test
    void encodedFrameIsMadeOnceAndIsTheFramesUtf8() {
        Entry entry = new Entry(
                new Message("trades:eu", "t\u00e9st", "{\"p\":\"\u20ac\"}", 42), 7, "ep", PublishOptions.NONE, 0);
        EncodedText encoded = entry.encodedFrame();
        assertSame(encoded, entry.encodedFrame(), "one encoding per publication, shared by every subscriber");
        assertEquals(entry.frame(), encoded.text());
        ByteBuffer utf8 = encoded.utf8();
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        assertArrayEquals(entry.frame().getBytes(StandardCharsets.UTF_8), bytes);
    }
}
