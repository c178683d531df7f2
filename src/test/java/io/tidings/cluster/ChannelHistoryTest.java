package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelHistoryTest {

    private final ChannelHistory history = new ChannelHistory("ep", 3, 1_000);

    @Test
    void countsOffsetsFromOne() {
        assertEquals(new Position(0, "ep"), history.position());
        append(1, 100);
        append(2, 100);
        assertEquals(new Position(2, "ep"), history.position());
        assertEquals(3, history.next());
    }

    @Test
    void recoversEverythingAfterTheGivenOffset() {
        append(1, 100);
        append(2, 100);
        append(3, 100);
        Recovery recovery = history.since(new Position(1, "ep"), 200);
        assertTrue(recovery.recovered());
        assertEquals(
                List.of(2L, 3L), recovery.missed().stream().map(Logged::offset).toList());
        assertEquals(3, recovery.position().offset());
    }

    @Test
    void upToDateIsRecoveredWithNothingMissed() {
        append(1, 100);
        Recovery recovery = history.since(new Position(1, "ep"), 200);
        assertTrue(recovery.recovered());
        assertTrue(recovery.missed().isEmpty());
    }

    @Test
    void notRecoveredOutsideTheHistory() {
        for (int i = 1; i <= 5; i++) {
            append(i, 100);
        }
        assertFalse(history.since(new Position(1, "ep"), 200).recovered(), "offsets 2 was evicted by size");
        assertTrue(history.since(new Position(2, "ep"), 200).recovered());
        assertFalse(history.since(new Position(2, "other"), 200).recovered(), "stale epoch");
        assertFalse(history.since(new Position(9, "ep"), 200).recovered(), "ahead of the channel");
        assertFalse(history.since(new Position(2, "ep"), 5_000).recovered(), "expired by age");
    }

    private void append(long offset, long ts) {
        history.append(new Logged(offset, ts, "f" + offset));
    }
}
