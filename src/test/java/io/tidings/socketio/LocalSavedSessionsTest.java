package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.protocol.Position;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalSavedSessionsTest extends SavedSessionsContract {

    private final AtomicLong now = new AtomicLong(1_000);

    @Override
    protected SavedSessions newSessions() {
        return new LocalSavedSessions(100, now::get);
    }

    @Override
    protected void pass(long millis) {
        now.addAndGet(millis);
    }

    @Test
    void whenFullTheExpiredMakeRoomAndOtherwiseANewSessionIsNotKept() {
        SavedSessions node = new LocalSavedSessions(2, now::get);
        SavedSession session = new SavedSession("/ws", null, Map.of("t:X", new Position(1, "e")));
        node.save("short", session, 10);
        node.save("long", session, 10_000);
        pass(20);
        node.save("new", session, 10_000);
        node.save("no room", session, 10_000);
        assertEquals(Optional.of(session), node.take("new"));
        assertEquals(Optional.empty(), node.take("no room"));
        assertEquals(Optional.of(session), node.take("long"));
    }
}
