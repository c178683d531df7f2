package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.delivery.Publication;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Bus} promises, run against each implementation: offsets from 1 without gaps per channel, hand-offs
 * in offset order even with concurrent publishers, history read atomically with the position, epochs that change
 * when history is lost.
 */
abstract class BusContract {

    /** Hand-offs as the fan-out saw them. */
    protected final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

    /** A fresh bus keeping {@code historySize} events per channel, handing publications to {@link #delivered}. */
    protected abstract Bus newBus(int historySize);

    @Test
    void offsetsStartAtOneAndGrowByOnePerChannel() {
        Bus bus = newBus(10);
        assertEquals(0, bus.position("status").offset());
        assertEquals(1, bus.publish(publication("status", 1)).offset());
        assertEquals(2, bus.publish(publication("status", 2)).offset());
        assertEquals(1, bus.publish(publication("ticker:X", 1)).offset(), "channels count separately");
        assertEquals(2, bus.position("status").offset());
        assertEquals(
                bus.position("status").epoch(),
                bus.publish(publication("status", 3)).epoch());
    }

    @Test
    void handsOffInOffsetOrderUnderConcurrentPublishers() throws Exception {
        Bus bus = newBus(10);
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            publishers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    bus.publish(publication("trades:X", i));
                }
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        publishers.shutdown();
        assertEquals(2000, delivered.size());
        for (int i = 0; i < delivered.size(); i++) {
            assertTrue(delivered.get(i).contains("\"offset\":" + (i + 1) + ","), "hand-off " + i);
        }
    }

    @Test
    void recoversWhatFollowsAPositionInTheHistory() {
        Bus bus = newBus(3);
        String epoch = bus.position("status").epoch();
        for (int i = 1; i <= 5; i++) {
            bus.publish(publication("status", i));
        }
        Recovery recovery = bus.recover("status", new Position(3, epoch));
        assertTrue(recovery.recovered());
        assertEquals(
                List.of(4L, 5L), recovery.missed().stream().map(Logged::offset).toList());
        assertEquals(5, recovery.position().offset());
        assertTrue(recovery.missed().get(0).frame().contains("\"n\":4"));
        assertTrue(bus.recover("status", new Position(5, epoch)).recovered(), "up to date");
        assertFalse(bus.recover("status", new Position(1, epoch)).recovered(), "older than the history");
        assertFalse(bus.recover("status", new Position(4, "other")).recovered(), "another epoch");
        assertFalse(bus.recover("status", new Position(9, epoch)).recovered(), "ahead of the channel");
    }

    @Test
    void forgettingAnUnusedChannelStartsANewEpoch() {
        Bus bus = newBus(0); // keeps no history, so a channel is idle at once
        bus.publish(publication("status", 1));
        Position before = bus.position("status");
        bus.forgetIdle(channel -> true);
        assertEquals(before, bus.position("status"), "in use: kept");
        bus.forgetIdle(channel -> false);
        Position after = bus.position("status");
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(0, after.offset());
    }

    static Publication publication(String channel, int n) {
        return new Publication(
                channel, "e", Json.createObjectBuilder().add("n", n).build(), System.currentTimeMillis());
    }
}
