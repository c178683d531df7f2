package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Await;
import io.tidings.support.RedisSentinels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisBus} on a real Sentinel deployment (master, replica, three Sentinels): when the master dies, the
 * Sentinels promote the replica and the nodes follow them, publishing and delivering again by themselves.
 */
class RedisSentinelTest {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory WORKERS = task -> {
        Thread thread = new Thread(task, "sentinel-test-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };

    private static RedisSentinels redis;
    private final List<RedisBus> nodes = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisSentinels.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(RedisBus::close);
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
        RedisBus node = new RedisBus(
                handler,
                new RedisBusSettings(redis.url(), "sentinel:", Duration.ofSeconds(2), 100, 300, 3600, 2, 2, 2),
                WORKERS);
        nodes.add(node);
        return node;
    }
}
