package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shared frames queued behind each other leave together as the lines of one frame, for a client that asked. */
class OutboxBatchingTest {

    private final List<Throwable> failures = new ArrayList<>();
    private final AtomicInteger metered = new AtomicInteger();
    private final DeliveryMeter meter = new DeliveryMeter() {
        @Override
        public void sent(long acceptedNanos) {
            metered.incrementAndGet();
        }
    };

    @Test
    void aBacklogOfEventsGoesAsTheLinesOfOneFrameAndAnswersAlone() {
        TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, true);
        outbox.offer(event("0"), null); // goes at once
        outbox.offer(event("1"), null);
        outbox.offer(event("2"), null);
        outbox.offer(event("3"), null);
        outbox.offer("{\"type\":\"pong\"}");
        outbox.offer(event("4"), null);
        outbox.offer(event("5"), null);
        writer.completeAll();

        assertEquals(
                List.of(
                        "{\"n\":\"0\"}",
                        "{\"n\":\"1\"}\n{\"n\":\"2\"}\n{\"n\":\"3\"}",
                        "{\"type\":\"pong\"}",
                        "{\"n\":\"4\"}\n{\"n\":\"5\"}"),
                writer.sent.stream().map(String::valueOf).toList());
        EncodedText lines = assertInstanceOf(EncodedText.class, writer.sent.get(1));
        assertEquals(
                "{\"n\":\"1\"}\n{\"n\":\"2\"}\n{\"n\":\"3\"}",
                new String(bytes(lines), StandardCharsets.UTF_8),
                "the bytes and the text agree");
        assertEquals(7, metered.get(), "every frame counted as sent, not every write");
        assertTrue(outbox.idle());
        assertEquals(List.of(), failures);
    }

    @Test
    void withoutLinesAPlainWriterSendsOneFrameAtATime() {
        TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, false);
        for (int i = 0; i < 4; i++) {
            outbox.offer(event(String.valueOf(i)), null);
        }
        writer.completeAll();
        assertEquals(4, writer.sent.size());
    }

    @Test
    void aBatchStopsAtItsFrameCountAndKeepsTheOrder() {
        TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();
        Outbox outbox = new Outbox(writer, 1000, failures::add, meter, null, true);
        int total = 1 + Outbox.BATCH_FRAMES + 10;
        for (int i = 0; i < total; i++) {
            outbox.offer(event(String.valueOf(i)), null);
        }
        writer.completeAll();
        List<String> lines = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Object frame : writer.sent) {
            String[] parts = frame.toString().split("\n");
            sizes.add(parts.length);
            lines.addAll(List.of(parts));
        }
        assertEquals(List.of(1, Outbox.BATCH_FRAMES, 10), sizes);
        for (int i = 0; i < total; i++) {
            assertEquals("{\"n\":\"" + i + "\"}", lines.get(i));
        }
    }

    @Test
    void aBatchStopsOnceItsBytesPassTheBound() {
        TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, true);
        String big = "x".repeat(Outbox.BATCH_BYTES / 2 + 1);
        for (int i = 0; i < 6; i++) {
            outbox.offer(event(big), null);
        }
        writer.completeAll();
        List<Integer> sizes = writer.sent.stream()
                .map(frame -> frame.toString().split("\n").length)
                .toList();
        assertEquals(List.of(1, 2, 2, 1), sizes, "a batch takes frames until it holds more than the bound");
    }

    @Test
    void eachEventIsTimedFromItsPublicationAloneOrInABatch() {
        List<Long> times = new ArrayList<>();
        DeliveryMeter timing = new DeliveryMeter() {
            @Override
            public void sent(long acceptedNanos) {
                times.add(acceptedNanos);
            }
        };
        TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, timing, null, true);
        outbox.offer(EncodedText.of("{\"n\":0}", 10L), null); // goes at once
        outbox.offer(EncodedText.of("{\"n\":1}", 11L), null);
        outbox.offer(EncodedText.of("{\"n\":2}", 12L), null);
        outbox.offer(EncodedText.of("{\"n\":3}"), null); // a shared frame that is no event: no time of its own
        outbox.offer("{\"type\":\"pong\"}");
        outbox.offer(EncodedText.of("{\"n\":4}", 14L), null);
        writer.completeAll();

        assertEquals(
                List.of("{\"n\":0}", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}", "{\"type\":\"pong\"}", "{\"n\":4}"),
                texts(writer.sent),
                "shared frames join a batch behind its first, answers go alone");
        assertEquals(List.of(10L, 11L, 12L, 0L, 0L, 14L), times);
    }

    @Test
    void underACorkABatchingClientsEventsWaitForTheReleaseAndLeaveTogether() {
        InlineWriter writer = new InlineWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, true);
        Cork cork = Cork.open();
        try {
            for (int i = 0; i < 3; i++) {
                outbox.offer(event(String.valueOf(i)), null, cork);
            }
            assertEquals(List.of(), writer.sent, "held back while corked, though the writer completes at once");
            assertFalse(outbox.idle());
        } finally {
            cork.release();
        }
        assertEquals(List.of("{\"n\":\"0\"}\n{\"n\":\"1\"}\n{\"n\":\"2\"}"), texts(writer.sent));
        assertEquals(3, metered.get());
        assertTrue(outbox.idle());
        assertNull(Cork.current());
    }

    @Test
    void connectionsWithTheSameFramesUnderOneCorkShareTheirJoinedBatch() {
        InlineWriter first = new InlineWriter();
        InlineWriter second = new InlineWriter();
        InlineWriter other = new InlineWriter();
        Outbox a = new Outbox(first, 100, failures::add, meter, null, true);
        Outbox b = new Outbox(second, 100, failures::add, meter, null, true);
        Outbox c = new Outbox(other, 100, failures::add, meter, null, true);
        EncodedText one = event("1");
        EncodedText two = event("2");
        Cork cork = Cork.open();
        try {
            for (Outbox outbox : List.of(a, b)) {
                outbox.offer(one, null, cork);
                outbox.offer(two, null, cork);
            }
            c.offer(one, null, cork);
            c.offer(event("2"), null, cork); // equal, but another publication's frame
        } finally {
            cork.release();
        }
        assertSame(first.sent.get(0), second.sent.get(0), "joined once for both");
        assertNotSame(first.sent.get(0), other.sent.get(0));
        assertEquals(texts(first.sent), texts(other.sent));
    }

    @Test
    void aCorkHoldsBackNoMoreThanOneBatch() {
        InlineWriter writer = new InlineWriter();
        Outbox outbox = new Outbox(writer, 1000, failures::add, meter, null, true);
        int total = Cork.HELD_FRAMES + 1;
        Cork cork = Cork.open();
        try {
            for (int i = 0; i < total; i++) {
                outbox.offer(event(String.valueOf(i)), null, cork);
            }
            assertEquals(1, writer.sent.size(), "a batch's worth leaves without waiting for the release");
        } finally {
            cork.release();
        }
        List<String> lines = new ArrayList<>();
        for (String frame : texts(writer.sent)) {
            lines.addAll(List.of(frame.split("\n")));
        }
        assertEquals(2, writer.sent.size());
        for (int i = 0; i < total; i++) {
            assertEquals("{\"n\":\"" + i + "\"}", lines.get(i));
        }
    }

    @Test
    void aCorkHoldsBackNoMoreThanTheQueueTakesSoItNeverMakesASlowConsumer() {
        InlineWriter writer = new InlineWriter();
        int capacity = 4;
        Outbox outbox = new Outbox(writer, capacity, failures::add, meter, null, true);
        Cork cork = Cork.open();
        try {
            for (int i = 0; i < 3 * capacity; i++) {
                assertEquals(Outbox.Offer.QUEUED, outbox.offer(event(String.valueOf(i)), null, cork));
            }
            assertEquals(6, writer.sent.size(), "half a queue's worth leaves without waiting for the release");
        } finally {
            cork.release();
        }
        assertEquals(6, writer.sent.size());
        assertTrue(outbox.idle());
    }

    @Test
    void aCorkLeavesAClientOfOneFramePerMessageAsItWas() {
        InlineWriter writer = new InlineWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, false);
        Cork cork = Cork.open();
        try {
            outbox.offer(event("0"), null, cork);
            outbox.offer(event("1"), null, cork);
            assertEquals(2, writer.sent.size());
        } finally {
            cork.release();
        }
    }

    @Test
    void aFrameSentMeanwhileFromAnotherThreadTakesTheHeldOnesAheadOfIt() throws InterruptedException {
        InlineWriter writer = new InlineWriter();
        Outbox outbox = new Outbox(writer, 100, failures::add, meter, null, true);
        Cork cork = Cork.open();
        try {
            outbox.offer(event("0"), null, cork);
            outbox.offer(event("1"), null, cork);
            Thread answer = new Thread(() -> outbox.offer("{\"type\":\"pong\"}"));
            answer.start();
            answer.join(10_000);
            assertEquals(
                    List.of("{\"n\":\"0\"}\n{\"n\":\"1\"}", "{\"type\":\"pong\"}"),
                    texts(writer.sent),
                    "no frame overtakes one held back");
        } finally {
            cork.release();
        }
        assertEquals(2, writer.sent.size(), "nothing left to send at the release");
        assertTrue(outbox.idle());
    }

    @Test
    void whereTheWriterCanAClientOfOneFramePerMessageGetsItsHeldFramesInOneWrite() {
        JoiningWriter first = new JoiningWriter();
        JoiningWriter second = new JoiningWriter();
        Outbox a = new Outbox(first, 100, failures::add, meter, null, false);
        Outbox b = new Outbox(second, 100, failures::add, meter, null, false);
        EncodedText[] frames = {event("0"), event("1"), event("2")};
        Cork cork = Cork.open();
        try {
            for (EncodedText frame : frames) {
                a.offer(frame, null, cork);
                b.offer(frame, null, cork);
            }
            assertEquals(List.of(), first.sent);
        } finally {
            cork.release();
        }
        assertEquals(1, first.sent.size(), "one write");
        assertEquals(
                ByteBuffer.wrap(EncodedText.frames(frames, 3)), first.sent.get(0), "each a whole frame of its own");
        assertSame(
                ((ByteBuffer) first.sent.get(0)).array(),
                ((ByteBuffer) second.sent.get(0)).array(),
                "joined once for both");
        assertEquals(6, metered.get());
        assertTrue(a.idle() && b.idle());
    }

    /** An {@link InlineWriter} that can send several whole frames at once, as Tyrus's raw path does. */
    private static final class JoiningWriter extends InlineWriter {
        @Override
        public boolean sendsFramesTogether() {
            return true;
        }

        @Override
        public void sendFrames(EncodedText[] frames, int count, SendHandler done) {
            sent.add(Cork.frames(frames, count));
            done.onResult(new SendResult());
        }
    }

    /** A writer that completes every send inside the call, as Tyrus does while the socket takes the bytes. */
    private static class InlineWriter extends TextWriterTest.RecordingWriter {
        @Override
        public void sendText(String text, SendHandler done) {
            super.sendText(text, done);
            completeAll();
        }

        @Override
        public void sendText(EncodedText text, SendHandler done) {
            super.sendText(text, done);
            completeAll();
        }
    }

    private static List<String> texts(List<Object> frames) {
        return frames.stream().map(String::valueOf).toList();
    }

    private static EncodedText event(String n) {
        return EncodedText.of("{\"n\":\"" + n + "\"}");
    }

    private static byte[] bytes(EncodedText text) {
        ByteBuffer utf8 = text.utf8();
        byte[] out = new byte[utf8.remaining()];
        utf8.get(out);
        return out;
    }
}
