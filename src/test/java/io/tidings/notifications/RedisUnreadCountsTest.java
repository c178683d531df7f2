package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.cluster.RedisStore;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unread counts in a real Redis, which two nodes share. */
class RedisUnreadCountsTest extends UnreadCountsContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisServer redis;

    private final String prefix = "unread" + DEPLOYMENTS.incrementAndGet() + ":";

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
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
        return buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                .store()
                .orElseThrow();
    }
}
