package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The shared store's calls against a real Redis that stops answering. */
class RedisStoreTest {

    private static final RedisScript ECHO = RedisScript.named(RedisStoreTest.class, "echo.lua");

    @AutoClose
    private final RedisServer redis = RedisServer.start();

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @Test
    void afterACallRedisDidNotAnswerInTimeTheNextFailAtOnceUntilItAnswersAgain() {
        RedisStore store = buses.open(entry -> {}, TestBuses.settings(redis.url(), "quiet:", 10))
                .store()
                .orElseThrow();
        String[] keys = {store.key("t", "k")};
        assertEquals(List.of("hello"), store.run(ECHO, keys, "hello"));

        redis.pause();
        try {
            BusUnavailableException waited =
                    assertThrows(BusUnavailableException.class, () -> store.run(ECHO, keys, "slow"));
            assertTrue(waited.getMessage().contains("within"), waited::getMessage);
            BusUnavailableException atOnce =
                    assertThrows(BusUnavailableException.class, () -> store.run(ECHO, keys, "again"));
            assertTrue(atOnce.getMessage().contains("a moment ago"), atOnce::getMessage);
        } finally {
            redis.resume();
        }
        Await.until("calls go to Redis again", Duration.ofSeconds(10), () -> {
            try {
                return store.run(ECHO, keys, "back").equals(List.of("back"));
            } catch (BusUnavailableException e) {
                return false;
            }
        });
    }
}
