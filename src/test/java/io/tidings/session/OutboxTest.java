package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A remote end whose sends complete only when the test says so, one at a time. */
    static class ManualRemote implements RemoteEndpoint.Async {

        /** A session whose async remote is this one, open until the test ends. */
        Session session() {
            return (Session) Proxy.newProxyInstance(
                    Session.class.getClassLoader(),
                    new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> this;
                        case "isOpen" -> true;
                        default -> null;
                    });
        }

        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        int inFlight;
        int maxInFlight;
        int pings;

        @Override
        public void sendText(String text, SendHandler handler) {
            sent.add(text);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            pending.add(handler);
        }

        /** Completes the send in flight (the outbox may then start the next). */
        void completeOne() {
            inFlight--;
            pending.remove(0).onResult(new SendResult());
        }

        /** Completes sends until none is in flight. */
        void completeAll() {
            while (!pending.isEmpty()) {
                inFlight--;
                pending.remove(0).onResult(new SendResult());
            }
        }

        @Override
        public void sendPing(ByteBuffer data) {
            pings++;
        }

        // Not used by the outbox.
        @Override
        public long getSendTimeout() {
            return 0;
        }

        @Override
        public void setSendTimeout(long timeout) {}

        @Override
        public Future<Void> sendText(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> sendBinary(ByteBuffer data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> sendObject(Object data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendObject(Object data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBatchingAllowed(boolean allowed) {}

        @Override
        public boolean getBatchingAllowed() {
            return false;
        }

        @Override
        public void flushBatch() {}

        @Override
        public void sendPong(ByteBuffer data) {}
    }

    private final ManualRemote remote = new ManualRemote();
    private final List<Throwable> failures = new ArrayList<>();
    private final Outbox outbox = new Outbox(remote, 3, failures::add, DeliveryMeter.NONE);

    @Test
    void sendsOneAtATimeInOrder() {
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), remote.sent);
        remote.completeOne();
        assertEquals(List.of("a", "b"), remote.sent);
        remote.completeOne();
        remote.completeOne();
        assertEquals(List.of("a", "b", "c"), remote.sent);
        assertEquals(1, remote.maxInFlight);
        assertTrue(outbox.idle());
    }

    @Test
    void refusesPastCapacityButConflatesWhereAllowed() {
        outbox.offer("a"); // in flight
        assertEquals(Outbox.Offer.QUEUED, outbox.offer("b"));
        assertEquals(Outbox.Offer.QUEUED, outbox.offer("c"));
        assertEquals(Outbox.Offer.QUEUED, outbox.offer("d"));
        assertEquals(Outbox.Offer.REFUSED, outbox.offer("e"), "full");
        assertEquals(Outbox.Offer.CONFLATED, outbox.offer(EncodedText.of("t1"), "ticker:X"));
        assertEquals(Outbox.Offer.CONFLATED, outbox.offer(EncodedText.of("t2"), "ticker:X"), "replaces t1");
        assertEquals(Outbox.Offer.CONFLATED, outbox.offer(EncodedText.of("p1"), "price:Y"));
        remote.completeAll();
        assertEquals(List.of("a", "b", "c", "d", "t2", "p1"), remote.sent);
        assertTrue(outbox.idle());
    }

    @Test
    void aConflatedChannelDoesNotLetLaterEventsOvertake() {
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        outbox.offer("d");
        outbox.offer(EncodedText.of("t1"), "ticker:X"); // aside
        remote.completeOne(); // room again, but t1 still waits aside
        assertEquals(
                Outbox.Offer.CONFLATED,
                outbox.offer(EncodedText.of("t2"), "ticker:X"),
                "joins the waiting one, not the queue");
        remote.completeAll();
        assertEquals(List.of("a", "b", "c", "d", "t2"), remote.sent);
    }

    @Test
    void closesAfterWhatIsQueuedAndPingsThroughTheSameWriter() {
        outbox.offer("a");
        outbox.ping();
        List<String> closed = new ArrayList<>();
        assertTrue(outbox.finishWith(() -> closed.add("closed")));
        assertEquals(Outbox.Offer.REFUSED, outbox.offer("late"));
        assertTrue(closed.isEmpty(), "not before a and the ping");
        remote.completeAll();
        assertEquals(1, remote.pings);
        assertEquals(List.of("closed"), closed);
        assertEquals(List.of("a"), remote.sent);
    }

    @Test
    void containersThatCompleteSendsAtOnceGetEveryFrameInOrder() {
        List<String> written = new ArrayList<>();
        Outbox direct = new Outbox(
                new ManualRemote() {
                    @Override
                    public void sendText(String text, SendHandler handler) {
                        written.add(text);
                        handler.onResult(new SendResult());
                    }
                },
                3,
                failures::add,
                DeliveryMeter.NONE);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(Outbox.Offer.QUEUED, direct.offer("f" + i));
        }
        assertEquals(100_000, written.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals("f" + i, written.get(i));
        }
        assertTrue(direct.idle());
        assertTrue(failures.isEmpty());
    }

    @Test
    void concurrentOffersWithCompletionsOnAnotherThreadAllLeaveInOrderPerSender() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ExecutorService io = Executors.newSingleThreadExecutor();
        Outbox shared = new Outbox(
                new ManualRemote() {
                    @Override
                    public void sendText(String text, SendHandler handler) {
                        written.add(text);
                        io.execute(
                                () -> handler.onResult(new SendResult())); // completes later, elsewhere, like a server
                    }
                },
                1_000_000,
                failures::add,
                DeliveryMeter.NONE);
        int senders = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                int sender = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertEquals(Outbox.Offer.QUEUED, shared.offer(sender + ":" + i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!shared.idle() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // bounded wait for the last completions
            }
            assertTrue(shared.idle(), "nothing left behind");
            assertEquals(senders * each, written.size());
            int[] next = new int[senders];
            for (String frame : written) {
                int sender = frame.charAt(0) - '0';
                assertEquals(next[sender]++, Integer.parseInt(frame.substring(2)), "order of sender " + sender);
            }
            assertTrue(failures.isEmpty());
        } finally {
            pool.shutdownNow();
            io.shutdownNow();
        }
    }
}
