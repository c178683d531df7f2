package io.tidings.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls in a real Redis: the contract, and what two nodes sharing it see. */
class RedisCallStoreTest extends CallStoreContract {

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private final TestBuses buses = new TestBuses();

    private final String prefix = "k" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Override
    CallStore store() {
        return new RedisCallStore(
                buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                        .store()
                        .orElseThrow(),
                LIMITS);
    }

    @Test
    void aCallOfferedThroughOneNodeIsAnsweredThroughAnotherOnce() {
        CallStore one = store();
        CallStore two = store();
        assertNull(one.offer(call("x1", "ann", "bob"), 30_000));
        assertTrue(two.answer("x1", "bob-phone"));
        assertFalse(one.answer("x1", "bob-laptop"), "the first answer wins");
        assertEquals("bob-phone", one.get("x1").orElseThrow().calleeConnection());
    }

    @Test
    void aRingingCallWhoseTimeIsOverIsOverdueForAnyNode() {
        CallStore one = store();
        CallStore two = store();
        one.offer(call("o1", "ann", "bob"), 200);
        one.offer(call("o2", "cid", "dan"), 60_000);
        Await.until(
                "the first call's ring time is over",
                Duration.ofSeconds(5),
                () -> two.overdue().equals(List.of("o1")));
        assertEquals("o1", two.end("o1", true).orElseThrow().id());
        assertTrue(one.end("o1", true).isEmpty(), "missed once");
        assertTrue(two.overdue().isEmpty());
    }
}
