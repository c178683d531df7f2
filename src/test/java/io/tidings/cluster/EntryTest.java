package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tidings.protocol.EncodedText;
import io.tidings.protocol.EventFormat;
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

    @Test
    void eachFormatIsWrittenOncePerPublicationWhateverTheMixOfItsSubscribers() {
        Entry entry = new Entry(new Message("price:btc", "price_update", "{}", 42), 7, "ep", PublishOptions.NONE, 0);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        EventFormat one = (channel, event, data, offset, ts) -> "one" + writes.incrementAndGet();
        EventFormat two = (channel, event, data, offset, ts) -> "two" + writes.incrementAndGet();
        for (int recipient = 0; recipient < 3; recipient++) { // subscribers of two dialects, taking turns
            assertEquals("one1", entry.frame(one));
            assertEquals("two2", entry.frame(two));
        }
        assertSame(entry.frame(), entry.frame(EventFormat.NATIVE));
        assertEquals(2, writes.get());
        assertSame(entry.encodedFrame(one), entry.encodedFrame(one), "encoded once per format, shared by recipients");
        assertEquals("one1", entry.encodedFrame(one).text());
        assertSame(entry.encodedFrame(), entry.encodedFrame(EventFormat.NATIVE));
    }
}
