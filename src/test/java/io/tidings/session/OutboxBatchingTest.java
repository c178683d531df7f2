package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.EncodedText;
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
        outbox.offer(event("0"), null, 0); // goes at once
        outbox.offer(event("1"), null, System.nanoTime());
        outbox.offer(event("2"), null, 0);
        outbox.offer(event("3"), null, 0);
        outbox.offer("{\"type\":\"pong\"}", null, 0);
        outbox.offer(event("4"), null, 0);
        outbox.offer(event("5"), null, 0);
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
            outbox.offer(event(String.valueOf(i)), null, 0);
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
            outbox.offer(event(String.valueOf(i)), null, 0);
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
            outbox.offer(event(big), null, 0);
        }
        writer.completeAll();
        List<Integer> sizes = writer.sent.stream()
                .map(frame -> frame.toString().split("\n").length)
                .toList();
        assertEquals(List.of(1, 2, 2, 1), sizes, "a batch takes frames until it holds more than the bound");
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
