package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.cluster.BusHandler;
import io.tidings.cluster.RedisBus;
import io.tidings.cluster.RedisBusSettings;
import io.tidings.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The members in a real Redis, as two nodes see them. */
class RedisConversationStoreTest extends ConversationStoreContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();
    private static RedisServer redis;
    private final String prefix = "members" + DEPLOYMENTS.incrementAndGet() + ":";
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
    protected ConversationStore newStore() {
        BusHandler ignored = entry -> {};
        RedisBus bus = new RedisBus(
                ignored,
                new RedisBusSettings(redis.url(), prefix, Duration.ofSeconds(2), 10, 300, 3600, 1, 1, 10),
                Thread::new);
        buses.add(bus);
        return new RedisConversationStore(bus.store().orElseThrow());
    }

    @Test
    void aNodeAnswersFromItsCopyUntilItIsToldToForgetIt() {
        ConversationStore one = newStore();
        ConversationStore two = newStore();
        one.setMembers("c1", Set.of("ann", "bob"));
        assertEquals(Set.of("ann", "bob"), two.members("c1"), "loaded from Redis");

        one.setMembers("c1", Set.of("ann"));
        assertEquals(Set.of("ann", "bob"), two.members("c1"), "its copy, until told");
        two.forget("c1");
        assertEquals(Set.of("ann"), two.members("c1"));

        one.setMembers("c1", Set.of("cid"));
        two.forgetAll();
        assertEquals(Set.of("cid"), two.members("c1"));
    }
}
