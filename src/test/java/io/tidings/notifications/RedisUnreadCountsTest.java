package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.cluster.RedisBus;
import io.tidings.cluster.RedisBusSettings;
import io.tidings.cluster.RedisStore;
import io.tidings.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unread counts in a real Redis, which two nodes share. */
class RedisUnreadCountsTest extends UnreadCountsContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();
    private static RedisServer redis;
    private final String prefix = "unread" + DEPLOYMENTS.incrementAndGet() + ":";
    private final List<RedisBus> buses = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(RedisBus::close);
    }

    @Override
    protected UnreadCounts newCounts(int maxPerUser) {
        return new RedisUnreadCounts(store(), maxPerUser);
    }

    @Test
    void twoNodesCountTogether() {
        UnreadCounts one = newCounts(100);
        UnreadCounts two = newCounts(100);
        assertEquals(1, one.added("u", "n1"));
        assertEquals(2, two.added("u", "n2"));
        assertEquals(1, one.read("u", "n2"));
        assertEquals(1, two.count("u"));
    }

    private RedisStore store() {
        RedisBus bus = new RedisBus(
                entry -> {},
                new RedisBusSettings(redis.url(), prefix, Duration.ofSeconds(2), 10, 300, 3600, 1, 1, 10),
                Thread::new);
        buses.add(bus);
        return bus.store().orElseThrow();
    }
}
