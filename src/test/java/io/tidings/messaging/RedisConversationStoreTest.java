package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.cluster.RedisBus;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The members in a real Redis, as two nodes see them. */
class RedisConversationStoreTest extends ConversationStoreContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisServer redis;

    private final String prefix = "members" + DEPLOYMENTS.incrementAndGet() + ":";

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Override
    protected ConversationStore newStore() {
        RedisBus bus = buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10));
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
