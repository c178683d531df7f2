package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.protocol.Position;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link SavedSessions} does, run against each. */
abstract class SavedSessionsContract {

    private static final SavedSession SESSION =
            new SavedSession("/ws", "alice", Map.of("trades:X", new Position(3, "e")));

    /** Sessions of a fresh deployment. */
    protected abstract SavedSessions newSessions();

    /** Lets {@code millis} pass for the sessions' times to live. */
    protected abstract void pass(long millis) throws InterruptedException;

    @Test
    void aSessionIsRecoveredOnceWhoeverAsks() {
        SavedSessions node = newSessions();
        node.save("p1", SESSION, 60_000);
        assertEquals(Optional.of(SESSION), node.take("p1"));
        assertEquals(Optional.empty(), node.take("p1"), "recovered already");
        assertEquals(Optional.empty(), node.take("unknown"));
    }

    @Test
    void aSessionReadIsLeftWhereItIs() {
        SavedSessions node = newSessions();
        node.save("p3", SESSION, 60_000);
        assertEquals(Optional.of(SESSION), node.get("p3"));
        assertEquals(Optional.of(SESSION), node.get("p3"));
        assertEquals(Optional.of(SESSION), node.take("p3"));
        assertEquals(Optional.empty(), node.get("p3"));
        assertEquals(Optional.empty(), node.get("unknown"));
    }

    @Test
    void aSaveReplacesTheSessionOfItsPid() {
        SavedSessions node = newSessions();
        node.save("p2", SESSION, 60_000);
        SavedSession changed = new SavedSession("/ws", "alice", Map.of());
        node.save("p2", changed, 60_000);
        assertEquals(Optional.of(changed), node.take("p2"));
    }

    @Test
    void aSessionExpiresUnlessKept() throws InterruptedException {
        SavedSessions node = newSessions();
        node.save("kept", SESSION, 300);
        node.save("let go", SESSION, 300);
        pass(200);
        node.keep("kept", 1_000);
        node.keep("never saved", 1_000);
        pass(250);
        assertEquals(Optional.of(SESSION), node.take("kept"));
        assertEquals(Optional.empty(), node.take("let go"));
        assertEquals(Optional.empty(), node.take("never saved"), "keeping saves nothing");
    }
}
