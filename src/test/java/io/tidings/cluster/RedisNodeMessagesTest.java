package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Node messages over a real Redis: every node handles a message and answers before {@code ask} returns. */
class RedisNodeMessagesTest {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisServer redis;

    private final String prefix = "nodes" + DEPLOYMENTS.incrementAndGet() + ":";

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Test
    void everyNodeHandlesAMessageBeforeAskReturnsAndAnswers() {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        RedisBus one = node("one", message -> {
            handled.add("one:" + message.payload());
            message.answer("1");
        });
        node("two", message -> {
            handled.add("two:" + message.payload());
            message.answer("2");
        });
        node("three", message -> {});

        List<String> answers = one.nodeMessages().orElseThrow().ask("test", "hello");

        assertEquals(Set.of("one:hello", "two:hello"), handled, "handled by every node before ask returned");
        assertEquals(List.of("", "1", "2"), answers.stream().sorted().toList());
        assertEquals("one", one.nodeMessages().orElseThrow().node());
    }

    @Test
    void aNodeWhosePubSubConnectionWasAwayResetsWhatItKeeps() {
        List<String> kinds = new CopyOnWriteArrayList<>();
        node("forgetful", message -> kinds.add(message.kind()));
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().clientKill(KillArgs.Builder.typePubsub());
        } finally {
            client.shutdown();
        }
        Await.until("a reset after the reconnection", Duration.ofSeconds(10), () -> kinds.contains(NodeMessage.RESET));
        assertTrue(kinds.stream().allMatch(NodeMessage.RESET::equals), kinds::toString);
    }

    private RedisBus node(String name, Consumer<NodeMessage> handler) {
        return buses.open(new HandedOff(), handler, name, TestBuses.settings(redis.url(), prefix, 100));
    }
}
