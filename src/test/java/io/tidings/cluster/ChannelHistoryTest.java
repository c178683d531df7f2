package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.Position;
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
                List.of(2L, 3L), recovery.missed().stream().map(Entry::offset).toList());
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

    @Test
    void pagesTheHistoryAndSaysWhenItNoLongerReachesBack() {
        for (int i = 1; i <= 5; i++) {
            append(i, 100);
        }
        History page = history.after(2, 2, 200);
        assertTrue(page.complete());
        assertEquals(List.of(3L, 4L), page.events().stream().map(Entry::offset).toList());
        History older = history.after(0, 10, 200);
        assertFalse(older.complete(), "1 and 2 were evicted");
        assertEquals(
                List.of(3L, 4L, 5L), older.events().stream().map(Entry::offset).toList());
        assertTrue(history.after(5, 10, 200).complete(), "nothing after the latest");
    }

    @Test
    void remembersIdempotencyKeysForTheHistoryAge() {
        Accepted first = new Accepted(new Position(1, "ep"), false);
        history.remember("k", first, 100);
        assertEquals(first, history.seen("k", 500));
        assertEquals(null, history.seen("k", 1_200), "older than the age limit");
        for (int i = 0; i <= ChannelHistory.MAX_KEYS; i++) {
            history.remember("k" + i, first, 2_000);
        }
        assertEquals(null, history.seen("k0", 2_000), "the oldest key beyond the bound is forgotten");
        assertEquals(first, history.seen("k1", 2_000));
    }

    private void append(long offset, long ts) {
        history.append(new Entry(new Message("c", "e", "{}", ts), offset, "ep", PublishOptions.NONE, 0));
    }
}
