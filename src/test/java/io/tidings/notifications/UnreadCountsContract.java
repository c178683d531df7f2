package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What every {@link UnreadCounts} does, run against each. */
abstract class UnreadCountsContract {

    /** Counts of a fresh deployment keeping at most {@code maxPerUser} ids per user. */
    protected abstract UnreadCounts newCounts(int maxPerUser);

    @Test
    void countsUnreadIdsOncePerIdAndForgetsWhatWasRead() {
        UnreadCounts counts = newCounts(100);
        assertEquals(0, counts.count("u"));
        assertEquals(1, counts.added("u", "n1"));
        assertEquals(1, counts.added("u", "n1"), "the same notification twice is one");
        assertEquals(2, counts.added("u", "n2"));
        assertEquals(0, counts.count("v"), "users count apart");
        assertEquals(1, counts.read("u", "n1"));
        assertEquals(1, counts.read("u", "unknown"));
        assertEquals(0, counts.readAll("u"));
        assertEquals(0, counts.count("u"));
        assertEquals(0, counts.read("nobody", "n1"));
    }

    @Test
    void aUserKeepsAtMostTheBoundForgettingTheOldest() {
        UnreadCounts counts = newCounts(3);
        for (int i = 0; i < 10; i++) {
            counts.added("u", "n" + i);
        }
        assertEquals(3, counts.count("u"), "the count stays at the bound");
        assertEquals(3, counts.read("u", "n0"), "the oldest were forgotten");
        assertEquals(2, counts.read("u", "n9"));
    }
}
