package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames a delivery thread leaves waiting for a kick on the socket's I/O thread ({@link Outbox#offerWaiting}). */
class OutboxKickTest {

    private final List<Throwable> failures = new ArrayList<>();
    private final TextWriterTest.RecordingWriter writer = new TextWriterTest.RecordingWriter();

    @Test
    void anIdleOutboxQueuesWithoutSendingUntilKickedThenSendsInOrder() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        assertEquals(Outbox.Offer.WAITING, outbox.offerWaiting(event("0"), null, 0));
        assertEquals(Outbox.Offer.WAITING, outbox.offerWaiting(event("1"), null, 0));
        assertEquals(List.of(), writer.sent, "nothing sent on the delivery thread");
        assertTrue(!outbox.idle(), "the frames wait");
        outbox.kick();
        writer.completeAll();
        assertEquals(List.of("{\"n\":\"0\"}", "{\"n\":\"1\"}"), sent());
        assertTrue(outbox.idle());
    }

    @Test
    void waitingFramesLeaveAsTheLinesOfOneFrameForABatchingClient() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, true);
        for (int i = 0; i < 3; i++) {
            outbox.offerWaiting(event(String.valueOf(i)), null, 0);
        }
        outbox.kick();
        writer.completeAll();
        assertEquals(List.of("{\"n\":\"0\"}\n{\"n\":\"1\"}\n{\"n\":\"2\"}"), sent());
    }

    @Test
    void behindASendUnderWayAFrameIsQueuedAndLeavesWithoutAKick() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        outbox.offer("{\"type\":\"pong\"}", null, 0); // in flight
        assertEquals(Outbox.Offer.QUEUED, outbox.offerWaiting(event("0"), null, 0));
        writer.completeAll();
        assertEquals(List.of("{\"type\":\"pong\"}", "{\"n\":\"0\"}"), sent());
        assertTrue(outbox.idle());
    }

    @Test
    void anAnswerOfferedBeforeTheKickTakesTheWaitingFrameAlongAheadOfIt() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        assertEquals(Outbox.Offer.WAITING, outbox.offerWaiting(event("0"), null, 0));
        outbox.offer("{\"type\":\"pong\"}", null, 0);
        outbox.kick(); // late: a send is under way, so it does nothing
        writer.completeAll();
        outbox.kick();
        assertEquals(List.of("{\"n\":\"0\"}", "{\"type\":\"pong\"}"), sent(), "each once, in the order offered");
    }

    @Test
    void aPingOrACloseAfterWaitingFramesSendsThemFirst() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        outbox.offerWaiting(event("0"), null, 0);
        assertTrue(outbox.ping());
        List<String> closed = new ArrayList<>();
        assertTrue(outbox.finishWith(() -> closed.add("closed")));
        assertEquals(Outbox.Offer.REFUSED, outbox.offerWaiting(event("late"), null, 0));
        writer.completeAll();
        assertEquals(List.of("{\"n\":\"0\"}"), sent());
        assertEquals(1, writer.pings);
        assertEquals(List.of("closed"), closed);
    }

    @Test
    void aClosedOutboxSendsNothingWhenKicked() {
        Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        outbox.offerWaiting(event("0"), null, 0);
        outbox.close();
        outbox.kick();
        assertEquals(List.of(), writer.sent);
    }

    @Test
    void aFullQueueRefusesOrConflatesAsOfferDoes() {
        Outbox outbox = new Outbox(writer, 2, failures::add, DeliveryMeter.NONE, null, false);
        assertEquals(Outbox.Offer.WAITING, outbox.offerWaiting(event("0"), null, 0));
        assertEquals(Outbox.Offer.WAITING, outbox.offerWaiting(event("1"), null, 0));
        assertEquals(Outbox.Offer.REFUSED, outbox.offerWaiting(event("2"), null, 0));
        assertEquals(Outbox.Offer.CONFLATED, outbox.offerWaiting(event("t1"), "ticker", 0));
        assertEquals(Outbox.Offer.CONFLATED, outbox.offerWaiting(event("t2"), "ticker", 0));
        outbox.kick();
        writer.completeAll();
        assertEquals(List.of("{\"n\":\"0\"}", "{\"n\":\"1\"}", "{\"n\":\"t2\"}"), sent());
        assertTrue(outbox.idle());
    }

    @Test
    void kicksGiveEachIoThreadOneTaskAndRunHereWhenAThreadRejectsIt() {
        Outbox first = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        Outbox second = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
        TextWriterTest.RecordingWriter other = new TextWriterTest.RecordingWriter();
        Outbox stranded = new Outbox(other, 100, failures::add, DeliveryMeter.NONE, null, false);
        List<Runnable> tasks = new ArrayList<>();
        IoThread open = new QueueThread(tasks, false);
        IoThread gone = new QueueThread(tasks, true);
        Kicks kicks = new Kicks();
        first.offerWaiting(event("a"), null, 0);
        kicks.add(open, first);
        second.offerWaiting(event("b"), null, 0);
        kicks.add(open, second);
        stranded.offerWaiting(event("c"), null, 0);
        kicks.add(gone, stranded);
        kicks.send();

        assertEquals(
                List.of("{\"n\":\"c\"}"),
                other.sent.stream().map(String::valueOf).toList(),
                "sent here");
        assertEquals(1, tasks.size(), "one task for both connections of the open thread");
        assertEquals(List.of(), writer.sent, "not before the task runs");
        tasks.get(0).run();
        assertEquals(List.of("{\"n\":\"a\"}", "{\"n\":\"b\"}"), sent());
    }

    @Test
    void aLargeShareIsKickedATurnAtATimeWithAPollBetween() {
        List<Runnable> tasks = new ArrayList<>();
        Kicks kicks = new Kicks();
        IoThread thread = new QueueThread(tasks, false);
        for (int i = 0; i <= Kicks.TURN; i++) {
            Outbox outbox = new Outbox(writer, 100, failures::add, DeliveryMeter.NONE, null, false);
            outbox.offerWaiting(event(String.valueOf(i)), null, 0);
            kicks.add(thread, outbox);
        }
        kicks.send();
        tasks.remove(0).run();
        assertEquals(Kicks.TURN, writer.sent.size(), "one turn");
        assertEquals(1, tasks.size(), "the rest after the poll");
        tasks.remove(0).run();
        assertEquals(Kicks.TURN + 1, writer.sent.size());
        assertEquals(String.valueOf(event(String.valueOf(Kicks.TURN))), sent().get(Kicks.TURN));
        assertTrue(tasks.isEmpty());
    }

    @Test
    void waitingFramesRacingAnswersAndCompletionsAllLeaveInOrderPerSender() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ExecutorService io = Executors.newSingleThreadExecutor(); // the I/O thread: completions and kicks
        TextWriter async = new TextWriter() {
            @Override
            public void sendText(String text, SendHandler done) {
                written.add(text);
                io.execute(() -> done.onResult(new SendResult()));
            }

            @Override
            public void sendText(EncodedText text, SendHandler done) {
                sendText(text.toString(), done);
            }

            @Override
            public void sendPing(ByteBuffer data) {}
        };
        Outbox outbox = new Outbox(async, 1_000_000, failures::add, DeliveryMeter.NONE, null, false);
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> delivery = pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    if (outbox.offerWaiting(EncodedText.of("0:" + i), null, 0) == Outbox.Offer.WAITING) {
                        io.execute(outbox::kick);
                    }
                }
            });
            Future<?> answers = pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    assertEquals(Outbox.Offer.QUEUED, outbox.offer("1:" + i, null, 0));
                }
            });
            delivery.get(30, TimeUnit.SECONDS);
            answers.get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!outbox.idle() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // bounded wait for the last completions
            }
            assertTrue(outbox.idle(), "nothing stranded");
            assertEquals(2 * each, written.size());
            int[] next = new int[2];
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

    /** An I/O thread whose tasks the test runs, or one that rejects them (stopping). */
    private record QueueThread(List<Runnable> tasks, boolean rejects) implements IoThread {
        @Override
        public void execute(Runnable task) {
            if (rejects) {
                throw new RejectedExecutionException("stopping");
            }
            tasks.add(task);
        }

        @Override
        public void executeAfterPoll(Runnable task) {
            execute(task);
        }
    }

    private List<String> sent() {
        return writer.sent.stream().map(String::valueOf).toList();
    }

    private static EncodedText event(String n) {
        return EncodedText.of("{\"n\":\"" + n + "\"}");
    }
}
