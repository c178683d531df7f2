package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.cluster.RedisStore;
import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-user connection count of every node, in a real Redis, as two nodes use it. */
class RedisUserConnectionsTest {

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Test
    void theLimitCountsEveryNodeAndAClosedConnectionFreesItsPlace() {
        RedisStore store = store("limit:");
        UserConnections one = new RedisUserConnections(store, "one", 30_000);
        UserConnections two = new RedisUserConnections(store, "two", 30_000);
        assertTrue(one.tryAdd("ann", 3));
        assertTrue(one.tryAdd("ann", 3));
        assertTrue(two.tryAdd("ann", 3));
        assertFalse(two.tryAdd("ann", 3), "three on two nodes: the fourth is refused");
        assertFalse(one.tryAdd("ann", 3));
        assertTrue(two.tryAdd("bob", 3), "users count apart");
        one.removed("ann");
        assertTrue(two.tryAdd("ann", 3), "a place freed on one node serves the other");
    }

    @Test
    void aNodeThatStopsWritingStopsCountingOnceItsEntryExpires() {
        RedisStore store = store("dead:");
        UserConnections dying = new RedisUserConnections(store, "dying", 1_000);
        UserConnections living = new RedisUserConnections(store, "living", 30_000);
        assertTrue(dying.tryAdd("ann", 2));
        assertTrue(dying.tryAdd("ann", 2));
        assertFalse(living.tryAdd("ann", 2));
        Await.until("the dead node's count expires", Duration.ofSeconds(10), () -> living.tryAdd("ann", 2));
    }

    private RedisStore store(String prefix) {
        return buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                .store()
                .orElseThrow();
    }
}
