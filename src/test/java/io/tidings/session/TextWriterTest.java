package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seam between the outbox and the container: which frames take which path, and its promises kept. */
class TextWriterTest {

    /** Records what the outbox asked for; sends complete when the test says so. */
    static class RecordingWriter implements TextWriter {
        final List<Object> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        int pings;
        RuntimeException failNext;

        @Override
        public void sendText(String text, SendHandler done) {
            send(text, done);
        }

        @Override
        public void sendText(EncodedText text, SendHandler done) {
            send(text, done);
        }

        private void send(Object frame, SendHandler done) {
            if (failNext != null) {
                RuntimeException failure = failNext;
                failNext = null;
                throw failure;
            }
            sent.add(frame);
            pending.add(done);
        }

        @Override
        public void sendPing(ByteBuffer data) {
            pings++;
        }

        /** Completes the send in flight (the outbox may then start the next). */
        void completeOne() {
            pending.remove(0).onResult(new SendResult());
        }

        void completeAll() {
            while (!pending.isEmpty()) {
                completeOne();
            }
        }
    }

    private final RecordingWriter writer = new RecordingWriter();
    private final List<Throwable> failures = new ArrayList<>();
    private final Outbox outbox = new Outbox(writer, 3, failures::add, DeliveryMeter.NONE, null, false);

    @Test
    void sharedFramesReachTheWriterAsTheOneEncodingAndAnswersAsStrings() {
        EncodedText event = EncodedText.of("{\"type\":\"event\"}");
        outbox.offer("answer");
        outbox.offer(event, null);
        outbox.offer(event, null);
        assertEquals(List.of("answer"), writer.sent);
        writer.completeAll();
        assertEquals(3, writer.sent.size());
        assertEquals("answer", writer.sent.get(0));
        assertTrue(writer.sent.get(1) == event && writer.sent.get(2) == event, "the same object, not a copy");
        assertTrue(outbox.idle());
    }

    @Test
    void encodedFramesQueueAndConflateLikeStrings() {
        outbox.offer(EncodedText.of("0"), null); // in flight
        for (int i = 1; i <= 3; i++) {
            assertEquals(Outbox.Offer.QUEUED, outbox.offer(EncodedText.of(String.valueOf(i)), "ch"));
        }
        assertEquals(Outbox.Offer.CONFLATED, outbox.offer(EncodedText.of("4"), "ch"));
        assertEquals(Outbox.Offer.CONFLATED, outbox.offer(EncodedText.of("5"), "ch"));
        assertEquals(Outbox.Offer.REFUSED, outbox.offer(EncodedText.of("x"), null));
        writer.completeAll();
        assertEquals(
                List.of("0", "1", "2", "3", "5"),
                writer.sent.stream().map(String::valueOf).toList());
    }

    @Test
    void pingsGoThroughTheWriter() {
        assertTrue(outbox.ping());
        assertEquals(1, writer.pings);
        outbox.offer(EncodedText.of("a"), null);
        assertTrue(outbox.ping()); // queued behind the frame in flight
        assertEquals(1, writer.pings);
        writer.completeAll();
        assertEquals(2, writer.pings);
    }

    @Test
    void aWriterThatThrowsClosesInsteadOfWedging() {
        writer.failNext = new IllegalStateException("not connected");
        outbox.offer(EncodedText.of("a"), null);
        assertEquals(1, failures.size());
        assertEquals(Outbox.Offer.REFUSED, outbox.offer(EncodedText.of("b"), null));
    }

    @Test
    void aFailedCompletionClosesInsteadOfWedging() {
        outbox.offer(EncodedText.of("a"), null);
        writer.pending.remove(0).onResult(new SendResult(new IOException("gone")));
        assertEquals(1, failures.size());
        assertFalse(failures.isEmpty());
        assertEquals(Outbox.Offer.REFUSED, outbox.offer(EncodedText.of("b"), null));
    }

    @Test
    void theFinalCloserRunsAfterQueuedSharedFrames() {
        List<String> order = new ArrayList<>();
        outbox.offer(EncodedText.of("a"), null);
        outbox.offer(EncodedText.of("b"), null);
        assertTrue(outbox.finishWith(() -> order.add("closed")));
        writer.completeOne();
        assertEquals(List.of(), order);
        writer.completeOne();
        assertEquals(List.of("closed"), order);
        assertEquals(2, writer.sent.size());
    }

    @Test
    void thePortableWriterSendsTheText() {
        OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
        TextWriter portable = new PortableTextWriter(remote);
        portable.sendText(EncodedText.of("shared"), result -> {});
        portable.sendText("own", result -> {});
        assertEquals(List.of("shared", "own"), remote.sent);
    }

    @Test
    void anotherContainersSessionGetsThePortableWriter() {
        OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
        assertInstanceOf(PortableTextWriter.class, UndertowTextWriter.of(remote.session()));
        assertInstanceOf(PortableTextWriter.class, unwrapped(TyrusTextWriter.of(remote.session())));
        assertInstanceOf(PortableTextWriter.class, unwrapped(TextWriters.of(remote.session())));
    }

    @Test
    void onlyWhereTyrusSendsIsTheContextLoaderSwapped() throws Exception {
        ClassLoader[] seen = new ClassLoader[1];
        TextWriter recording = new TextWriter() {
            @Override
            public void sendText(String text, SendHandler done) {
                seen[0] = Thread.currentThread().getContextClassLoader();
            }

            @Override
            public void sendText(EncodedText text, SendHandler done) {}

            @Override
            public void sendPing(ByteBuffer data) {}
        };
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        new PlatformLoaderTextWriter(recording).sendText("x", result -> {});
        assertSame(ClassLoader.getPlatformClassLoader(), seen[0], "the platform loader while Tyrus sends");
        assertSame(before, Thread.currentThread().getContextClassLoader(), "the thread's own one back after");
    }

    /** The writer that sends, under the loader swap Payara's sends get. */
    private static TextWriter unwrapped(TextWriter writer) {
        return writer instanceof PlatformLoaderTextWriter swapping ? swapping.writer() : writer;
    }

    @Test
    void theTyrusThatPayaraShipsHasWhatTheRawPathReads() {
        assertTrue(TyrusTextWriter.usable());
    }

    @Test
    void byDefaultEachRuntimeTakesItsOwnPath() {
        assertEquals(TextWriters.Kind.TYRUS, TextWriters.choose("default", false, true));
        assertEquals(TextWriters.Kind.UNDERTOW, TextWriters.choose("default", true, false));
        assertEquals(TextWriters.Kind.PORTABLE, TextWriters.choose("default", false, false));
        assertEquals(TextWriters.Kind.UNDERTOW, TextWriters.choose("something else", true, false));
        assertEquals(TextWriters.Kind.UNDERTOW, TextWriters.choose("runtime", true, false));
        assertEquals(TextWriters.Kind.TYRUS, TextWriters.choose("runtime", false, true));
        assertEquals(TextWriters.Kind.PORTABLE, TextWriters.choose("runtime", false, false));
        assertEquals(TextWriters.Kind.PORTABLE, TextWriters.choose("portable", false, true));
        assertEquals(TextWriters.Kind.PORTABLE, TextWriters.choose("portable", true, false));
        // both runtimes are on the test class path (provided): Undertow is found first
        assertEquals(TextWriters.Kind.UNDERTOW, TextWriters.kind());
    }
}
