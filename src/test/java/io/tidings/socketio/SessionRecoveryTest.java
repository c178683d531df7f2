package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.cluster.Entry;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.Message;
import io.tidings.cluster.PublishOptions;
import io.tidings.protocol.Position;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a recovered Socket.IO socket gets on each channel, from the offset its client sent. */
class SessionRecoveryTest {

    private static final Position STARTED = new Position(10, "e1");

    @Test
    void theOffsetReadsBackAsWritten() {
        assertEquals(
                Optional.of(new RecoveryOffset(1700000000123L, 42, "klines:BTCUSDT:1m")),
                RecoveryOffset.parse(RecoveryOffset.format(1700000000123L, 42, "klines:BTCUSDT:1m")));
    }

    @Test
    void anOffsetThisServerDidNotWriteIsNone() {
        for (String text : new String[] {
            null, "", "12", "12:3", "x:3:c", "12:x:c", "12:3:bad channel", "0:3:c", "12:0:c", "12:3:" + "c".repeat(300)
        }) {
            assertEquals(Optional.empty(), RecoveryOffset.parse(text), String.valueOf(text));
        }
    }

    @Test
    void withoutAnOffsetEveryEventSinceTheChannelStartedIsReplayed() {
        SessionRecovery.Replay replay = SessionRecovery.replay("trades:X", STARTED, null);
        assertEquals(STARTED, replay.since());
        assertTrue(replay.missed().test(entry("trades:X", 11, 1)));
    }

    @Test
    void onTheChannelOfTheLastEventEverythingAfterItIsReplayed() {
        SessionRecovery.Replay replay =
                SessionRecovery.replay("trades:X", STARTED, new RecoveryOffset(500, 15, "trades:X"));
        assertEquals(new Position(15, "e1"), replay.since());
        assertTrue(replay.missed().test(entry("trades:X", 16, 400)), "by offset, whatever its time");
    }

    @Test
    void onAnotherChannelWhatWasPublishedSinceTheLastEventIsReplayed() {
        SessionRecovery.Replay replay =
                SessionRecovery.replay("trades:Y", STARTED, new RecoveryOffset(500, 15, "trades:X"));
        assertEquals(STARTED, replay.since());
        assertFalse(replay.missed().test(entry("trades:Y", 11, 499)), "received before the last event");
        assertTrue(replay.missed().test(entry("trades:Y", 12, 500)), "the same millisecond: sent again, not lost");
        assertTrue(replay.missed().test(entry("trades:Y", 13, 501)));
    }

    @Test
    void aSavedSessionReadsBackAsSaved() {
        SavedSession session =
                new SavedSession("/ws", "alice", Map.of("trades:X", STARTED, "ticker:Y", new Position(0, null)));
        assertEquals(session, SavedSession.fromJson(session.toJson()));
        SavedSession anonymous = new SavedSession("/ws", null, Map.of());
        assertEquals(anonymous, SavedSession.fromJson(anonymous.toJson()));
    }

    @Test
    void aSessionIsRecoveredOnceByItsOwnUserOnItsOwnNamespace() {
        LocalBus bus = new LocalBus(entry -> {}, 10, 300);
        Position started = bus.position("trades:X");
        bus.publish(new Message("trades:X", "trade", "{}", System.currentTimeMillis()), PublishOptions.NONE);
        LocalSavedSessions store = new LocalSavedSessions(100, System::currentTimeMillis);
        SessionRecovery recovery = new SessionRecovery(bus, store, 120);
        SavedSession alices = new SavedSession("/ws", "alice", Map.of("trades:X", started));

        store.save("p1", alices, 60_000);
        assertEquals(Optional.empty(), recovery.recover("p1", null, "/ws", "mallory"), "another user's");
        assertEquals(Optional.empty(), recovery.recover("p1", null, "/ws", null), "anonymous");
        assertEquals(Optional.empty(), recovery.recover("p1", null, "/messaging", "alice"), "another namespace's");

        SessionRecovery.Recovered recovered =
                recovery.recover("p1", null, "/ws", "alice").orElseThrow();
        assertEquals(alices, recovered.session(), "the attempts of others left it where it was");
        assertEquals(started, recovered.channels().get("trades:X").since());
        recovery.claimed("p1");
        assertEquals(Optional.empty(), recovery.recover("p1", null, "/ws", "alice"), "recovered once");
    }

    @Test
    void aSessionWhoseHistoryNoLongerReachesBackIsNotRecovered() {
        LocalBus bus = new LocalBus(entry -> {}, 2, 300);
        bus.publish(new Message("trades:X", "trade", "{}", System.currentTimeMillis()), PublishOptions.NONE);
        Position started = bus.position("trades:X");
        for (int i = 0; i < 3; i++) {
            bus.publish(new Message("trades:X", "trade", "{}", System.currentTimeMillis()), PublishOptions.NONE);
        }
        LocalSavedSessions store = new LocalSavedSessions(100, System::currentTimeMillis);
        store.save("p1", new SavedSession("/ws", null, Map.of("trades:X", started)), 60_000);
        assertEquals(Optional.empty(), new SessionRecovery(bus, store, 120).recover("p1", null, "/ws", null));
    }

    @Test
    void aHistoryThatNoLongerReachesBackToTheStartStillServesWhenItReachesPastTheLastEventReceived() {
        LocalBus bus = new LocalBus(entry -> {}, 2, 300);
        long now = System.currentTimeMillis();
        bus.publish(new Message("trades:Y", "trade", "{}", now - 4000), PublishOptions.NONE);
        Position started = bus.position("trades:Y");
        for (int i = 3; i >= 1; i--) { // offsets 2, 3, 4; the history keeps 3 and 4
            bus.publish(new Message("trades:Y", "trade", "{}", now - i * 1000), PublishOptions.NONE);
        }
        LocalSavedSessions store = new LocalSavedSessions(100, System::currentTimeMillis);
        SessionRecovery recovery = new SessionRecovery(bus, store, 120);
        SavedSession session = new SavedSession("/ws", null, Map.of("trades:Y", started));

        store.save("p1", session, 60_000);
        SessionRecovery.Replay replay = recovery.recover(
                        "p1", RecoveryOffset.format(now - 1500, 9, "trades:X"), "/ws", null)
                .orElseThrow()
                .channels()
                .get("trades:Y");
        assertEquals(new Position(2, started.epoch()), replay.since(), "from the oldest event kept");
        assertFalse(replay.missed().test(entry("trades:Y", 3, now - 2000)), "received before the last event");
        assertTrue(replay.missed().test(entry("trades:Y", 4, now - 1000)));

        store.save("p1", session, 60_000);
        assertEquals(
                Optional.empty(),
                recovery.recover("p1", RecoveryOffset.format(now - 2500, 9, "trades:X"), "/ws", null),
                "offset 3, the oldest kept, came after the last event received: what came before it may be lost");
    }

    private static Entry entry(String channel, long offset, long ts) {
        return new Entry(new Message(channel, "e", "{}", ts), offset, "e1", PublishOptions.NONE, 0);
    }
}
