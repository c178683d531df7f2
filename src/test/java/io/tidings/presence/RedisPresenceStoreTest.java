package io.tidings.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.cluster.RedisStore;
import io.tidings.presence.PresenceStore.Change;
import io.tidings.presence.PresenceStore.Departure;
import io.tidings.support.Await;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence in a real Redis: the contract for one node, and what two nodes sharing it see. */
class RedisPresenceStoreTest extends PresenceStoreContract {

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private final TestBuses buses = new TestBuses();

    private final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Override
    PresenceStore store() {
        return node("only", 30_000);
    }

    /** A node's store, alive (its first heartbeat done), writing on the caller's thread. */
    private PresenceStore node(String name, long ttlMillis) {
        RedisStore shared = buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                .store()
                .orElseThrow();
        PresenceStore store = new RedisPresenceStore(shared, name, ttlMillis, key -> Runnable::run);
        store.heartbeat();
        return store;
    }

    @Test
    void aUserOnTwoNodesJoinsOnceAndLeavesWhenTheLastNodeHasNone() {
        PresenceStore a = node("a", 30_000);
        PresenceStore b = node("b", 30_000);
        assertEquals(Change.Kind.JOINED, await(a.set("room", "ann", 1)).kind());
        assertEquals(Change.Kind.NONE, await(b.set("room", "ann", 2)).kind(), "already there through a");
        assertEquals(3, b.member("room", "ann").orElseThrow().connections(), "both nodes' connections");
        assertEquals(a.members("room"), b.members("room"), "either node sees the same");
        assertEquals(Change.Kind.NONE, await(a.set("room", "ann", 0)).kind(), "still there through b");
        assertEquals(Change.Kind.LEFT, await(b.set("room", "ann", 0)).kind());
        assertTrue(a.members("room").isEmpty());
    }

    @Test
    void theUsersOfANodeThatStopsLeaveAtTheNextHeartbeatOfAnother() {
        PresenceStore dying = node("dying", 1_500);
        PresenceStore living = node("living", 1_500);
        await(dying.set("room", "ann", 1));
        await(dying.set("room", "bob", 1));
        await(living.set("room", "bob", 1));
        await(dying.set(PresenceStore.ONLINE, "ann", 1));
        List<Departure> left = new ArrayList<>();
        Await.until("the silent node is taken for dead", Duration.ofSeconds(10), () -> {
            left.addAll(living.heartbeat().departures());
            return left.size() >= 2;
        });
        assertEquals(
                List.of("ann"),
                left.stream().map(Departure::user).distinct().toList(),
                "bob is still there through the living node");
        assertTrue(left.stream().anyMatch(d -> d.scope().equals(PresenceStore.ONLINE)));
        assertEquals(
                List.of("bob"),
                living.members("room").stream().map(Member::user).toList());
        assertEquals(1, living.member("room", "bob").orElseThrow().connections());
        assertTrue(living.heartbeat().departures().isEmpty(), "each leave once");
    }

    @Test
    void aNodeTakenForDeadWhileAliveIsAskedToSetItsEntriesAgain() {
        PresenceStore slow = node("slow", 1_500);
        PresenceStore other = node("other", 1_500);
        await(slow.set("room", "ann", 1));
        Await.until(
                "the slow node is taken for dead",
                Duration.ofSeconds(10),
                () -> !other.heartbeat().departures().isEmpty());
        PresenceStore.Heartbeat back = slow.heartbeat();
        assertTrue(back.setAgain(), "it must tell its connections again");
        assertEquals(Change.Kind.JOINED, await(slow.set("room", "ann", 1)).kind());
    }

    @Test
    void aNodeStartedAgainUnderItsNameTakesOutWhatItsEarlierLifeLeft() {
        PresenceStore before = node("same", 30_000);
        await(before.set("room", "ann", 1));
        RedisStore shared = buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                .store()
                .orElseThrow();
        PresenceStore after = new RedisPresenceStore(shared, "same", 30_000, key -> Runnable::run);
        PresenceStore.Heartbeat first = after.heartbeat();
        assertEquals(
                List.of(new Departure("room", "ann", first.departures().get(0).since())), first.departures());
        assertTrue(after.members("room").isEmpty());
        assertFalse(after.heartbeat().setAgain(), "only the first heartbeat");
    }
}
