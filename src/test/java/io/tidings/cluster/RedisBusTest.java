package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tidings.protocol.Position;
import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TcpProxy;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisBus} against a real redis-server of its own: the contract, and two nodes over one Redis. */
class RedisBusTest extends BusContract {

    private static final Duration TIMEOUT = Duration.ofMillis(2000);
    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisServer redis;

    /** Each test its own deployment on the shared Redis, so channels start fresh. */
    private final String prefix = "test" + DEPLOYMENTS.incrementAndGet() + ":";

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @Override
    protected Bus newBus(int historySize) {
        return node(delivered, historySize, prefix);
    }

    @Override
    protected void settle(Bus bus, String channel) {
        try {
            ((RedisBus) bus).handedOff(channel).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the hand-offs of " + channel + " did not settle", e);
        }
    }

    @Test
    void aPublicationThroughOneNodeReachesTheOtherWithTheSameOffsetEpochAndFrame() {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 10, prefix);
        RedisBus two = node(other, 10, prefix);
        subscribed(one, "status");
        subscribed(two, "status");
        Message message = message("status", 1);
        PublishOptions options = PublishOptions.NONE.excluding("c1").excludingUser("u1");
        Accepted accepted = one.publish(message, options);
        delivered.await(1);
        other.await(1);
        Entry here = delivered.get(0);
        Entry there = other.get(0);
        assertEquals(accepted.position().offset(), there.offset());
        assertEquals(accepted.position().epoch(), there.epoch());
        assertEquals(here.epoch(), there.epoch());
        String expected = new Entry(message, 1, accepted.position().epoch(), options, 0).frame();
        assertEquals(expected, here.frame(), "the frame a single node writes");
        assertEquals(expected, there.frame());
        assertTrue(there.excludes("c1", null));
        assertTrue(there.excludes("c2", "u1"));
        assertFalse(there.excludes("c2", "u2"));

        two.publish(message("status", 2), PublishOptions.NONE.asEphemeral());
        delivered.await(2);
        other.await(2);
        assertEquals(0, delivered.get(1).offset());
        assertNull(delivered.get(1).epoch());
        assertEquals(delivered.get(1).frame(), other.get(1).frame());
    }

    @Test
    void whatWasPublishedWhileThePubSubConnectionWasDownIsHandedOffWhenItComesBack() {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 100, prefix);
        RedisBus two = node(other, 100, prefix);
        subscribed(one, "status");
        publish(two, "status", 1);
        delivered.await(1);
        RedisClient admin = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            // every pub/sub connection drops; Lettuce reconnects after at least 50 ms, these land before
            connection.sync().clientKill(KillArgs.Builder.typePubsub());
            for (int i = 2; i <= 6; i++) {
                publish(two, "status", i);
            }
        } finally {
            admin.shutdown();
        }
        delivered.await(6);
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, delivered.get(i).offset(), "handed off once each, in order");
        }
        publish(two, "status", 7);
        delivered.await(7);
        settle(one, "status");
        assertEquals(7, delivered.size(), "nothing twice");
    }

    @Test
    void interleavedPublicationsFromTwoNodesArriveInOneOrderAtBoth() throws Exception {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 10, prefix);
        RedisBus two = node(other, 10, prefix);
        subscribed(one, "trades:X");
        subscribed(two, "trades:X");
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        CountDownLatch done = new CountDownLatch(2);
        for (RedisBus node : List.of(one, two)) {
            publishers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    publish(node, "trades:X", i);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        publishers.shutdown();
        delivered.await(1000);
        other.await(1000);
        settle(one, "trades:X");
        settle(two, "trades:X");
        List<Long> oneToThousand = LongStream.rangeClosed(1, 1000).boxed().toList();
        assertEquals(oneToThousand, delivered.offsets());
        assertEquals(oneToThousand, other.offsets());
        assertEquals(frames(delivered), frames(other), "the same publications in the same order");
    }

    @Test
    void anIdempotencyKeyPublishesOnceAcrossNodes() {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 10, prefix);
        RedisBus two = node(other, 10, prefix);
        subscribed(one, "status");
        subscribed(two, "status");
        PublishOptions keyed = PublishOptions.NONE.withIdempotencyKey("order-7");
        Accepted first = one.publish(message("status", 1), keyed);
        Accepted retry = two.publish(message("status", 1), keyed);
        assertFalse(first.repeated());
        assertTrue(retry.repeated());
        assertEquals(first.position(), retry.position());
        settle(one, "status");
        settle(two, "status");
        assertEquals(1, delivered.size());
        assertEquals(1, other.size());
    }

    @Test
    void lostStateGivesANewEpochAndNoRecovery() {
        RedisBus one = node(delivered, 10, prefix);
        RedisBus two = node(new HandedOff(), 10, prefix);
        for (int i = 1; i <= 3; i++) {
            publish(one, "status", i);
        }
        Position before = two.position("status");
        assertEquals(3, before.offset());

        redis(commands -> commands.sync().flushall());

        Position after = one.position("status");
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(0, after.offset());
        assertFalse(two.recover("status", before).recovered(), "an old position is not replayed");
        Accepted next = publish(two, "status", 4);
        assertEquals(new Position(1, after.epoch()), next.position(), "the new epoch, from both nodes");
    }

    @Test
    void aHistoryThatOutlivedItsChannelsStateIsNotReplayed() {
        RedisBus one = node(delivered, 10, prefix);
        for (int i = 1; i <= 3; i++) {
            publish(one, "status", i);
        }
        Position before = one.position("status");
        redis(commands -> commands.sync().del(new RedisKeys(prefix).meta("status")));
        History history = one.history("status", 0, 10);
        assertNotEquals(before.epoch(), history.position().epoch());
        assertTrue(history.events().isEmpty(), "the old epoch's events are gone with it");
        assertEquals(1, publish(one, "status", 4).position().offset());
    }

    @Test
    void eventsOlderThanTheHistoryAgeAreNoLongerKept() {
        RedisBus one = node(delivered, 10, prefix);
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        one.publish(new Message("status", "e", "{\"n\":1}", tenMinutesAgo), PublishOptions.NONE);
        Position afterOld = publish(one, "status", 2).position();
        History history = one.history("status", 0, 10);
        assertFalse(history.complete(), "offset 1 is older than the history age");
        assertEquals(List.of(2L), offsets(history.events()));
        assertFalse(one.recover("status", new Position(0, afterOld.epoch())).recovered());
        assertTrue(one.recover("status", new Position(1, afterOld.epoch())).recovered());
    }

    @Test
    void handsOffOnAWorkerNotOnTheRedisClientsThreads() {
        List<String> threads = new ArrayList<>();
        CountDownLatch handed = new CountDownLatch(1);
        RedisBus one = node(
                entry -> {
                    threads.add(Thread.currentThread().getName());
                    handed.countDown();
                },
                10,
                prefix);
        subscribed(one, "status");
        publish(one, "status", 1);
        try {
            assertTrue(handed.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(threads.get(0).startsWith("bus-worker-"), threads.get(0));
    }

    @Test
    void prefixesKeepDeploymentsApart() {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 10, prefix);
        RedisBus elsewhere = node(other, 10, prefix + "other:");
        subscribed(one, "status");
        subscribed(elsewhere, "status");
        assertEquals(1, publish(one, "status", 1).position().offset());
        assertEquals(1, publish(elsewhere, "status", 1).position().offset());
        delivered.await(1);
        other.await(1);
        settle(one, "status");
        settle(elsewhere, "status");
        assertEquals(1, delivered.size());
        assertEquals(1, other.size());
    }

    @Test
    void failsWithinTheTimeoutWhileRedisIsDownAndWorksWhenItIsBack() {
        RedisBus one = node(delivered, 10, prefix);
        Position before = publish(one, "status", 1).position();
        assertTrue(one.reachable());
        redis.stop();
        try {
            long started = System.nanoTime();
            assertThrows(BusUnavailableException.class, () -> publish(one, "status", 2));
            assertThrows(BusUnavailableException.class, () -> one.position("status"));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis < 2 * TIMEOUT.toMillis() + 1000, "took " + tookMillis + " ms");
            awaitReachable(one, false);
        } finally {
            redis.restart();
        }
        awaitReachable(one, true);
        Accepted after = awaitPublished(one, "status");
        assertNotEquals(before.epoch(), after.position().epoch(), "Redis kept nothing: a new epoch");
        assertEquals(1, after.position().offset());
    }

    /** Readiness follows the probe, which pings once a second: polled with a deadline. */
    private static void awaitReachable(RedisBus bus, boolean expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bus.reachable() != expected) {
            assertTrue(System.nanoTime() < deadline, "reachable() did not become " + expected);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a state, with a deadline
        }
    }

    @Test
    void failsWithinTheTimeoutWhileRedisDoesNotAnswerAndARetryWithTheKeyPublishesOnce() {
        Duration timeout = Duration.ofMillis(300);
        RedisBus one = node(delivered, new RedisBusSettings(redis.url(), prefix, timeout, 10, 300, 3600, 2, 4, 10));
        publish(one, "status", 1);
        PublishOptions keyed = PublishOptions.NONE.withIdempotencyKey("order-8");
        redis.pause();
        try {
            long started = System.nanoTime();
            assertThrows(BusUnavailableException.class, () -> one.publish(message("status", 2), keyed));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= timeout.toMillis() - 50, "took " + tookMillis + " ms");
            assertTrue(tookMillis < timeout.toMillis() + 1000, "took " + tookMillis + " ms");
            assertThrows(
                    Exception.class,
                    () -> one.subscribe("status").toCompletableFuture().get(10, TimeUnit.SECONDS));
        } finally {
            redis.resume();
        }
        // the timed-out script was already sent, so Redis ran it once it could: only the key makes a retry safe
        Accepted retry = one.publish(message("status", 2), keyed);
        assertEquals(2, retry.position().offset());
        assertTrue(retry.repeated(), "published once, by the call that timed out");
        assertEquals(3, publish(one, "status", 3).position().offset(), "the same connection answers again");
    }

    @Test
    void aPubSubConnectionThatGoesQuietWhileOpenIsReplacedAndItsChannelsCatchUp() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(redis.port())) {
            HandedOff received = new HandedOff();
            RedisBus quiet =
                    node(received, new RedisBusSettings(proxy.url(), prefix, TIMEOUT, 100, 300, 3600, 1, 2, 2));
            Bus publisher = newBus(100);
            quiet.subscribe("status").toCompletableFuture().get(10, TimeUnit.SECONDS);
            publish(publisher, "status", 1);
            received.await(1);

            proxy.silencePubSub();
            publish(publisher, "status", 2);
            publish(publisher, "status", 3);

            received.await(3);
            assertEquals(List.of(1L, 2L, 3L), received.offsets(), "what went unheard, from the history, in order");
            Await.until(
                    "the stall and the catch-up counted",
                    Duration.ofSeconds(10),
                    () -> quiet.counters().stalls() == 1 && quiet.counters().caughtUp() == 2);
            publish(publisher, "status", 4);
            received.await(4);
            assertEquals(4L, received.get(3).offset(), "live again on the new connection");
        }
    }

    /** Publishes until the node has reconnected, failing after a while. */
    private static Accepted awaitPublished(RedisBus node, String channel) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        BusUnavailableException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return publish(node, channel, 1);
            } catch (BusUnavailableException e) {
                last = e; // not reconnected yet
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a state, with a deadline
            }
        }
        fail("the node did not publish again within 20 s after Redis came back", last);
        return null;
    }

    private RedisBus node(BusHandler handler, int historySize, String prefix) {
        return node(handler, new RedisBusSettings(redis.url(), prefix, TIMEOUT, historySize, 300, 3600, 2, 4, 10));
    }

    private RedisBus node(BusHandler handler, RedisBusSettings settings) {
        return buses.open(handler, settings);
    }

    private static void redis(Consumer<StatefulRedisConnection<String, String>> command) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            command.accept(connection);
        } finally {
            client.shutdown();
        }
    }

    private static List<String> frames(HandedOff handedOff) {
        return handedOff.entries().stream().map(Entry::frame).toList();
    }
}
