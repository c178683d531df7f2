package io.tidings.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.presence.PresenceStore.Change;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceStore} promises, as one node sees it. */
abstract class PresenceStoreContract {

    /** A fresh store, as one node's, saying it is alive. */
    abstract PresenceStore store();

    static Change await(java.util.concurrent.CompletionStage<Change> change) {
        try {
            return change.toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the change was not applied", e);
        }
    }

    @Test
    void theFirstConnectionJoinsAndTheLastLeaves() {
        PresenceStore store = store();
        Change joined = await(store.set("room", "ann", 1));
        assertEquals(Change.Kind.JOINED, joined.kind());
        assertEquals(Change.Kind.NONE, await(store.set("room", "ann", 2)).kind(), "a second connection: no join");
        assertEquals(Change.Kind.NONE, await(store.set("room", "ann", 1)).kind());
        Change left = await(store.set("room", "ann", 0));
        assertEquals(Change.Kind.LEFT, left.kind());
        assertEquals(joined.since(), left.since(), "the leave says since when the user was there");
        assertEquals(Change.Kind.NONE, await(store.set("room", "ann", 0)).kind(), "no second leave");
    }

    @Test
    void membersHaveTheirConnectionsAndSince() {
        PresenceStore store = store();
        long before = System.currentTimeMillis() - 5_000; // Redis's clock may differ a little
        await(store.set("hall", "ann", 2));
        await(store.set("hall", "bob", 1));
        await(store.set("other", "cid", 1));
        List<Member> members = store.members("hall");
        assertEquals(2, members.size(), members::toString);
        Member ann =
                members.stream().filter(m -> m.user().equals("ann")).findFirst().orElseThrow();
        assertEquals(2, ann.connections());
        assertTrue(ann.since() >= before, ann::toString);
        assertEquals(ann, store.member("hall", "ann").orElseThrow());
        assertTrue(store.member("hall", "cid").isEmpty(), "scopes are apart");
        assertTrue(store.members("empty").isEmpty());
    }

    @Test
    void usersWithAnyCharacterAndTheOnlineScopeAreKeptApart() {
        PresenceStore store = store();
        String odd = "ann\nsays \"hi\" \u00e9\u4e16";
        assertEquals(
                Change.Kind.JOINED,
                await(store.set(PresenceStore.ONLINE, odd, 1)).kind());
        assertEquals(1, store.member(PresenceStore.ONLINE, odd).orElseThrow().connections());
        assertTrue(store.members("room").stream().noneMatch(m -> m.user().equals(odd)));
        assertEquals(
                Change.Kind.LEFT, await(store.set(PresenceStore.ONLINE, odd, 0)).kind());
        assertTrue(store.member(PresenceStore.ONLINE, odd).isEmpty());
    }

    @Test
    void aHeartbeatOfALivingNodeAnnouncesNothing() {
        PresenceStore store = store();
        await(store.set("room", "ann", 1));
        PresenceStore.Heartbeat beat = store.heartbeat();
        assertTrue(beat.departures().isEmpty(), beat::toString);
        assertEquals(1, store.members("room").size());
    }
}
