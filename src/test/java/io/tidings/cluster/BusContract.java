package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.Position;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Bus} promises, run against each implementation: offsets from 1 without gaps per channel, hand-offs
 * in offset order even with concurrent publishers and only to subscribed nodes, history read atomically with the
 * position, ephemeral publications outside the offsets, exclusion carried to the handler, idempotency keys. A bus may
 * hand off on another thread after {@code publish} returns: the tests wait for the hand-offs they expect, and
 * {@link #settle} before asserting that one did not happen.
 */
abstract class BusContract {

    /** Hand-offs as the node's handler saw them. */
    protected final HandedOff delivered = new HandedOff();

    /** A fresh bus keeping {@code historySize} events per channel, handing publications to {@link #delivered}. */
    protected abstract Bus newBus(int historySize);

    /**
     * Returns once every publication of the channel accepted so far has been handed off, or will never be: nothing for
     * a bus that hands off before {@code publish} returns.
     */
    protected void settle(Bus bus, String channel) {}

    @Test
    void offsetsStartAtOneAndGrowByOnePerChannel() {
        Bus bus = newBus(10);
        assertEquals(0, bus.position("status").offset());
        assertEquals(1, publish(bus, "status", 1).position().offset());
        assertEquals(2, publish(bus, "status", 2).position().offset());
        assertEquals(1, publish(bus, "ticker:X", 1).position().offset(), "channels count separately");
        assertEquals(2, bus.position("status").offset());
        assertEquals(
                bus.position("status").epoch(),
                publish(bus, "status", 3).position().epoch());
    }

    @Test
    void handsOffInOffsetOrderUnderConcurrentPublishers() throws Exception {
        Bus bus = newBus(10);
        subscribed(bus, "trades:X");
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            publishers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    publish(bus, "trades:X", i);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        publishers.shutdown();
        delivered.await(2000);
        settle(bus, "trades:X");
        assertEquals(2000, delivered.size());
        for (int i = 0; i < delivered.size(); i++) {
            assertEquals(i + 1, delivered.get(i).offset(), "hand-off " + i);
            assertTrue(delivered.get(i).frame().contains("\"offset\":" + (i + 1) + ","), "frame " + i);
        }
    }

    @Test
    void handsOffOnlyWhileTheNodeSubscribes() {
        Bus bus = newBus(10);
        publish(bus, "status", 1);
        settle(bus, "status");
        assertTrue(delivered.isEmpty(), "nobody here subscribes yet");
        subscribed(bus, "status");
        Position read = bus.position("status");
        publish(bus, "status", 2);
        delivered.await(1);
        settle(bus, "status");
        assertEquals(List.of(read.offset() + 1), delivered.offsets(), "everything after the position read");
        bus.unsubscribe("status");
        publish(bus, "status", 3);
        settle(bus, "status");
        assertEquals(1, delivered.size(), "not after the last local subscriber left");
    }

    @Test
    void recoversWhatFollowsAPositionInTheHistory() {
        Bus bus = newBus(3);
        String epoch = bus.position("status").epoch();
        for (int i = 1; i <= 5; i++) {
            publish(bus, "status", i);
        }
        Recovery recovery = bus.recover("status", new Position(3, epoch));
        assertTrue(recovery.recovered());
        assertEquals(List.of(4L, 5L), offsets(recovery.missed()));
        assertEquals(5, recovery.position().offset());
        assertTrue(recovery.missed().get(0).frame().contains("\"n\":4"));
        assertTrue(bus.recover("status", new Position(5, epoch)).recovered(), "up to date");
        assertFalse(bus.recover("status", new Position(1, epoch)).recovered(), "older than the history");
        assertFalse(bus.recover("status", new Position(4, "other")).recovered(), "another epoch");
        assertFalse(bus.recover("status", new Position(9, epoch)).recovered(), "ahead of the channel");
    }

    @Test
    void readsHistoryInPages() {
        Bus bus = newBus(3);
        for (int i = 1; i <= 5; i++) {
            publish(bus, "status", i);
        }
        History all = bus.history("status", 0, 10);
        assertFalse(all.complete(), "1 and 2 are no longer kept");
        assertEquals(List.of(3L, 4L, 5L), offsets(all.events()));
        assertEquals(5, all.position().offset());
        History page = bus.history("status", 3, 1);
        assertTrue(page.complete());
        assertEquals(List.of(4L), offsets(page.events()));
        assertTrue(bus.history("unused", 0, 10).events().isEmpty());
    }

    @Test
    void ephemeralPublicationsTakeNoOffsetAndStayOutOfHistory() {
        Bus bus = newBus(10);
        subscribed(bus, "status");
        publish(bus, "status", 1);
        Accepted ephemeral = bus.publish(message("status", 2), PublishOptions.NONE.asEphemeral());
        assertNull(ephemeral.position());
        assertEquals(2, publish(bus, "status", 3).position().offset(), "no offset used up");
        delivered.await(3);
        assertEquals(List.of(1L, 0L, 2L), delivered.offsets());
        assertFalse(delivered.get(1).frame().contains("\"offset\""));
        assertEquals(List.of(1L, 2L), offsets(bus.history("status", 0, 10).events()));
    }

    @Test
    void carriesTheExcludedConnectionToTheHandler() {
        Bus bus = newBus(10);
        subscribed(bus, "status");
        bus.publish(message("status", 1), PublishOptions.NONE.excluding("sender"));
        delivered.await(1);
        assertTrue(delivered.get(0).excludes("sender", null));
        assertFalse(delivered.get(0).excludes("another", null), "only the sender");
        publish(bus, "status", 2);
        delivered.await(2);
        assertFalse(delivered.get(1).excludes("sender", null));
    }

    @Test
    void publishesOnceUnderOneIdempotencyKey() {
        Bus bus = newBus(10);
        subscribed(bus, "status");
        PublishOptions keyed = PublishOptions.NONE.withIdempotencyKey("order-7");
        Accepted first = bus.publish(message("status", 1), keyed);
        Accepted retry = bus.publish(message("status", 1), keyed);
        assertFalse(first.repeated());
        assertTrue(retry.repeated());
        assertEquals(first.position(), retry.position(), "the first result, again");
        settle(bus, "status");
        assertEquals(1, delivered.size(), "handed off once");
        assertEquals(1, bus.position("status").offset());
        assertFalse(bus.publish(message("ticker:X", 1), keyed).repeated(), "keys are per channel");
    }

    @Test
    void aSubscribeCompletes() throws Exception {
        Bus bus = newBus(10);
        bus.subscribe("status").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static void subscribed(Bus bus, String channel) {
        try {
            bus.subscribe(channel).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("subscribe did not complete", e);
        }
    }

    static List<Long> offsets(List<Entry> entries) {
        return entries.stream().map(Entry::offset).toList();
    }

    static Accepted publish(Bus bus, String channel, int n) {
        return bus.publish(message(channel, n), PublishOptions.NONE);
    }

    static Message message(String channel, int n) {
        return new Message(channel, "e", "{\"n\":" + n + "}", System.currentTimeMillis());
    }
}
