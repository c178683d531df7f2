package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Await;
import io.tidings.support.RedisSentinels;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisBus} on a real Sentinel deployment (master, replica, three Sentinels): when the master dies, the
 * Sentinels promote the replica and the nodes follow them, publishing and delivering again by themselves.
 */
class RedisSentinelTest {

    @AutoClose
    private static RedisSentinels redis;

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisSentinels.start();
    }

    @Test
    void afterTheMasterDiesPublishingResumesAndSubscribersKeepReceiving() throws Exception {
        HandedOff received = new HandedOff();
        RedisBus subscriber = node(received);
        RedisBus publisher = node(new HandedOff());
        subscriber.subscribe("status").toCompletableFuture().get(10, TimeUnit.SECONDS);
        Accepted before = BusContract.publish(publisher, "status", 1);
        received.await(1);
        redis.awaitReplicated();

        int old = redis.killMaster();
        Await.until("the Sentinels promote the replica", Duration.ofSeconds(30), () -> redis.masterPort() != old);

        Accepted after = publishOnceTheNodeFollows(publisher);
        received.await(2);
        assertEquals(after.position().offset(), received.get(1).offset(), "the first publication after the failover");
        assertEquals(before.position().epoch(), after.position().epoch(), "the replica had the channel's state");
        Await.until(
                "both nodes ready again",
                Duration.ofSeconds(10),
                () -> publisher.reachable() && subscriber.reachable());
    }

    private static Accepted publishOnceTheNodeFollows(RedisBus node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        BusUnavailableException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return BusContract.publish(node, "status", 2);
            } catch (BusUnavailableException e) {
                last = e; // still connecting to the new master
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling a state, with a deadline
            }
        }
        return fail("the node did not publish within 30 s of the failover", last);
    }

    private RedisBus node(BusHandler handler) {
        return buses.open(handler, TestBuses.settings(redis.url(), "sentinel:", 100));
    }
}
